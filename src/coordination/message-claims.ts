// Cluster-wide "run once" records: a Lease created-if-absent per message (and per signature), so every replica
// agrees which one handles a delivery. The API server is the shared record, not process memory.
import { createHash, randomBytes } from 'node:crypto';
import { CoordinationV1Api, type KubeConfig, type V1Lease } from '@kubernetes/client-node';
import { makeDeadlineClient } from '../kube/deadline-client.ts';
import type { Logger } from '../log/logger.ts';
import type { MessageClaimStore } from '../dispatch/ports/message-claims.ts';
import { apiStatusCode } from '../kube/api-status.ts';

export const CLAIM_LABEL = 'kubetalk.io/claim';
const EXPIRES = 'kubetalk.io/expires-at';
/** What the claim stands for: the msgId (msg claims) or the body digest (signature claims). */
const OWNER = 'kubetalk.io/owner';
/** Tells our own earlier attempt (whose response was lost) from another replica's claim. */
const NONCE = 'kubetalk.io/nonce';

export interface MessageClaims extends MessageClaimStore {
  /** Deletes claims past their expiry; run by the leader. Returns how many were deleted. */
  collectExpired(): Promise<number>;
}

export function claimName(kind: 'msg' | 'sig', key: string): string {
  return `kubetalk-${kind}-${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
}

export interface MessageClaimsOptions {
  readonly kc: KubeConfig;
  readonly namespace: string;
  readonly identity: string;
  readonly ttlMs: number;
  readonly log: Logger;
  readonly attempts?: number;
  readonly callTimeoutMs?: number;
  readonly now?: () => number;
}

type CreateResult =
  { readonly created: true } | { readonly created: false; readonly owner: string | undefined };

export function createMessageClaims(opts: MessageClaimsOptions): MessageClaims {
  const api = makeDeadlineClient(opts.kc, CoordinationV1Api, opts.callTimeoutMs ?? 5000);
  const now = opts.now ?? Date.now;
  const attempts = opts.attempts ?? 3;
  const ns = opts.namespace;

  const lease = (name: string, owner: string, nonce: string, keepUntil: number): V1Lease => {
    const t = now();
    const expires = Math.max(t + opts.ttlMs, keepUntil);
    return {
      metadata: {
        name,
        namespace: ns,
        labels: { [CLAIM_LABEL]: 'true', 'app.kubernetes.io/managed-by': 'kubetalk' },
        annotations: { [EXPIRES]: new Date(expires).toISOString(), [OWNER]: owner, [NONCE]: nonce },
      },
      spec: { holderIdentity: opts.identity, leaseDurationSeconds: Math.ceil((expires - t) / 1000) },
    };
  };

  async function create(name: string, owner: string, keepUntil: number): Promise<CreateResult> {
    const nonce = randomBytes(8).toString('hex');
    let last: unknown;
    for (let i = 0; i < attempts; i++) {
      try {
        await api.createNamespacedLease({ namespace: ns, body: lease(name, owner, nonce, keepUntil) });
        return { created: true };
      } catch (err) {
        if (apiStatusCode(err) === 409) {
          const existing = await api.readNamespacedLease({ name, namespace: ns });
          const annotations = existing.metadata?.annotations ?? {};
          // An earlier attempt of this very call may have succeeded with its response lost on the way back.
          if (annotations[NONCE] === nonce) return { created: true };
          return { created: false, owner: annotations[OWNER] };
        }
        last = err;
        await new Promise((r) => setTimeout(r, 200 * 2 ** i));
      }
    }
    throw last instanceof Error ? last : new Error(String(last));
  }

  return {
    async claim(msgId, signature, bodyDigest, keepUntil = 0) {
      try {
        const [msg, sig] = await Promise.all([
          create(claimName('msg', msgId), msgId, keepUntil),
          create(claimName('sig', signature), bodyDigest, keepUntil),
        ]);
        if (!msg.created) return 'duplicate';
        // Same headers with other bytes: a captured (timestamp, sign) pair carrying a forged body.
        if (!sig.created && sig.owner !== bodyDigest) return 'replayed';
        return 'claimed';
      } catch (err) {
        opts.log.error('cannot record the message claim; not running it', { msgId, err });
        return 'unavailable';
      }
    },
    async collectExpired() {
      const list = await api.listNamespacedLease({ namespace: ns, labelSelector: `${CLAIM_LABEL}=true` });
      let deleted = 0;
      for (const item of list.items) {
        const expires = Date.parse(item.metadata?.annotations?.[EXPIRES] ?? '');
        if (Number.isNaN(expires) || expires > now()) continue;
        try {
          await api.deleteNamespacedLease({ name: item.metadata?.name ?? '', namespace: ns });
          deleted++;
        } catch (err) {
          if (apiStatusCode(err) !== 404) {
            opts.log.warn('cannot delete an expired claim', { name: item.metadata?.name, err });
          }
        }
      }
      return deleted;
    },
  };
}
