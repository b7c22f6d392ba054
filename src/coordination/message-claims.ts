// Cluster-wide "run once" records: a Lease created-if-absent per message (and per signature), so every replica
// agrees which one handles a delivery. The API server is the shared record, not process memory.
import { createHash } from 'node:crypto';
import { CoordinationV1Api, type KubeConfig, type V1Lease } from '@kubernetes/client-node';
import type { Logger } from '../log/logger.ts';

export const CLAIM_LABEL = 'kubetalk.io/claim';
const EXPIRES = 'kubetalk.io/expires-at';
const OWNER = 'kubetalk.io/message-id';

export type ClaimResult = 'claimed' | 'duplicate' | 'replayed' | 'unavailable';

export interface MessageClaims {
  /**
   * Claims a delivery: its msgId must be new, and its (timestamp, sign) pair must not have carried another msgId.
   * 'unavailable' means the API server could not be asked; the caller must not run the command then.
   */
  claim(msgId: string, signature: string): Promise<ClaimResult>;
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
  readonly now?: () => number;
}

export function createMessageClaims(opts: MessageClaimsOptions): MessageClaims {
  const api = opts.kc.makeApiClient(CoordinationV1Api);
  const now = opts.now ?? Date.now;
  const attempts = opts.attempts ?? 3;
  const ns = opts.namespace;

  const body = (name: string, msgId: string): V1Lease => ({
    metadata: {
      name,
      namespace: ns,
      labels: { [CLAIM_LABEL]: 'true', 'app.kubernetes.io/managed-by': 'kubetalk' },
      annotations: { [EXPIRES]: new Date(now() + opts.ttlMs).toISOString(), [OWNER]: msgId },
    },
    spec: { holderIdentity: opts.identity, leaseDurationSeconds: Math.ceil(opts.ttlMs / 1000) },
  });

  /** true = created by us; false = it already existed (with the msgId it carries). */
  async function create(
    name: string,
    msgId: string,
  ): Promise<{ created: true } | { created: false; owner: string | undefined }> {
    let last: unknown;
    for (let i = 0; i < attempts; i++) {
      try {
        await api.createNamespacedLease({ namespace: ns, body: body(name, msgId) });
        return { created: true };
      } catch (err) {
        if ((err as { code?: number }).code === 409) {
          const existing = await api.readNamespacedLease({ name, namespace: ns }).catch(() => undefined);
          return { created: false, owner: existing?.metadata?.annotations?.[OWNER] };
        }
        last = err;
        await new Promise((r) => setTimeout(r, 200 * 2 ** i));
      }
    }
    throw last instanceof Error ? last : new Error(String(last));
  }

  return {
    async claim(msgId, signature) {
      try {
        const [msg, sig] = await Promise.all([
          create(claimName('msg', msgId), msgId),
          create(claimName('sig', signature), msgId),
        ]);
        if (!msg.created) return 'duplicate';
        // Same headers with another msgId: a captured (timestamp, sign) pair carrying a forged body.
        if (!sig.created && sig.owner !== msgId) return 'replayed';
        return 'claimed';
      } catch (err) {
        opts.log.error('cannot record the message claim; not running it', { msgId, err });
        return 'unavailable';
      }
    },
    async collectExpired() {
      const list = await api.listNamespacedLease({ namespace: ns, labelSelector: `${CLAIM_LABEL}=true` });
      let deleted = 0;
      for (const lease of list.items) {
        const expires = Date.parse(lease.metadata?.annotations?.[EXPIRES] ?? '');
        if (Number.isNaN(expires) || expires > now()) continue;
        try {
          await api.deleteNamespacedLease({ name: lease.metadata?.name ?? '', namespace: ns });
          deleted++;
        } catch (err) {
          if ((err as { code?: number }).code !== 404)
            opts.log.warn('cannot delete an expired claim', { name: lease.metadata?.name, err });
        }
      }
      return deleted;
    },
  };
}
