// "Was this message already posted to this route?" decided through the API server (a Lease per message), so an
// Alertmanager retry after a partial failure skips the routes that got it, and two replicas never both post.
import { createHash } from 'node:crypto';
import { CoordinationV1Api, type KubeConfig, type V1Lease } from '@kubernetes/client-node';
import { CLAIM_LABEL } from '../coordination/message-claims.ts';
import { makeDeadlineClient } from '../kube/deadline-client.ts';
import type { Logger } from '../log/logger.ts';

/** go: send now; delivered: already posted; busy: another replica is posting it now; unavailable: cannot ask. */
export type BeginResult = 'go' | 'delivered' | 'busy' | 'unavailable';

export interface DeliveryRecords {
  begin(key: string): Promise<BeginResult>;
  /** After `go`: delivered marks it for the dedupe time; not delivered releases it for the next retry. */
  finish(key: string, delivered: boolean): Promise<void>;
}

const EXPIRES = 'kubetalk.io/expires-at';
const STATE = 'kubetalk.io/alert-delivery';

export function deliveryRecordName(key: string): string {
  return `kubetalk-alert-${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
}

export interface RecordTimes {
  /** How long a delivered message is remembered (Alertmanager retries within group_interval). */
  readonly dedupeMs: number;
  /** How long a send in progress holds its record before another replica may take over (a crash mid-send). */
  readonly sendingMs: number;
  readonly now?: () => number;
}

/** One process alone (no coordination namespace): memory is the record. */
export function createMemoryDeliveryRecords(times: RecordTimes): DeliveryRecords {
  const now = times.now ?? Date.now;
  const records = new Map<string, { state: 'sending' | 'delivered'; until: number }>();
  return {
    begin(key) {
      const t = now();
      if (records.size > 50_000) for (const [k, r] of records) if (r.until <= t) records.delete(k);
      const r = records.get(key);
      if (r && r.until > t) return Promise.resolve(r.state === 'delivered' ? 'delivered' : 'busy');
      records.set(key, { state: 'sending', until: t + times.sendingMs });
      return Promise.resolve('go');
    },
    finish(key, delivered) {
      if (delivered) records.set(key, { state: 'delivered', until: now() + times.dedupeMs });
      else records.delete(key);
      return Promise.resolve();
    },
  };
}

export interface LeaseRecordsOptions extends RecordTimes {
  readonly kc: KubeConfig;
  readonly namespace: string;
  readonly identity: string;
  readonly log: Logger;
  readonly callTimeoutMs?: number;
}

export function createLeaseDeliveryRecords(opts: LeaseRecordsOptions): DeliveryRecords {
  const api = makeDeadlineClient(opts.kc, CoordinationV1Api, opts.callTimeoutMs ?? 5000);
  const now = opts.now ?? Date.now;
  const ns = opts.namespace;
  /** The leases this replica holds in state "sending", to turn into "delivered" without another read. */
  const held = new Map<string, V1Lease>();

  const lease = (name: string, state: string, forMs: number, base?: V1Lease): V1Lease => {
    const t = now();
    return {
      metadata: {
        ...(base?.metadata?.resourceVersion ? { resourceVersion: base.metadata.resourceVersion } : {}),
        name,
        namespace: ns,
        // The claim label and expiry annotation let the leader's claim collector delete it once expired.
        labels: { [CLAIM_LABEL]: 'true', 'app.kubernetes.io/managed-by': 'kubetalk' },
        annotations: { [EXPIRES]: new Date(t + forMs).toISOString(), [STATE]: state },
      },
      spec: { holderIdentity: opts.identity, leaseDurationSeconds: Math.max(1, Math.ceil(forMs / 1000)) },
    };
  };
  const code = (err: unknown): number | undefined => (err as { code?: number }).code;

  return {
    async begin(key) {
      const name = deliveryRecordName(key);
      try {
        try {
          held.set(
            key,
            await api.createNamespacedLease({ namespace: ns, body: lease(name, 'sending', opts.sendingMs) }),
          );
          return 'go';
        } catch (err) {
          if (code(err) !== 409) throw err;
        }
        const existing = await api.readNamespacedLease({ name, namespace: ns });
        const ann = existing.metadata?.annotations ?? {};
        const expires = Date.parse(ann[EXPIRES] ?? '');
        if (!Number.isNaN(expires) && expires > now())
          return ann[STATE] === 'delivered' ? 'delivered' : 'busy';
        // Expired (a crashed sender, or a delivery older than the dedupe time): take it over, if nobody else did.
        try {
          held.set(
            key,
            await api.replaceNamespacedLease({
              name,
              namespace: ns,
              body: lease(name, 'sending', opts.sendingMs, existing),
            }),
          );
          return 'go';
        } catch (err) {
          if (code(err) === 409) return 'busy';
          throw err;
        }
      } catch (err) {
        opts.log.error('cannot record an alert delivery; not sending it (Alertmanager will retry)', { err });
        return 'unavailable';
      }
    },
    async finish(key, delivered) {
      const mine = held.get(key);
      held.delete(key);
      const name = deliveryRecordName(key);
      try {
        if (delivered) {
          await api.replaceNamespacedLease({
            name,
            namespace: ns,
            body: lease(name, 'delivered', opts.dedupeMs, mine),
          });
        } else {
          await api.deleteNamespacedLease({ name, namespace: ns });
        }
      } catch (err) {
        // Delivered but unrecorded: a retry within sendingMs sees "busy", after it may post again; logged loudly.
        opts.log.warn('cannot update an alert delivery record', { delivered, err });
      }
    },
  };
}
