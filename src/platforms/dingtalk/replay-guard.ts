// Remembers which body each (timestamp, sign) pair carried: DingTalk's sign covers only the timestamp, so a
// captured header pair must never carry a second, different body within its window — not even one that reuses
// the original msgId.
import { createExpiringMap } from '../../lib/expiring-map.ts';

export type ReplayVerdict = 'new' | 'same-message' | 'replayed';

export interface ReplayGuard {
  /**
   * `body` is a digest of the raw body bytes: a redelivery is byte-identical, a forgery is not. `keepUntil`
   * (epoch ms) is the signed timestamp plus the window and a margin: the pair is remembered at least that long,
   * however long ago this process saw it, so expiry follows the signature and not the receipt time.
   */
  check(timestamp: string, sign: string, body: string, keepUntil?: number): ReplayVerdict;
  readonly size: number;
}

export function createReplayGuard(opts: {
  ttlMs: number;
  maxEntries: number;
  now?: () => number;
}): ReplayGuard {
  const now = opts.now ?? Date.now;
  // Every keepUntil is within two windows of its receipt, so expiry order stays close to insertion order.
  const seen = createExpiringMap<string>(opts.maxEntries);
  return {
    check(timestamp, sign, body, keepUntil) {
      const t = now();
      const key = `${timestamp}\n${sign}`;
      const prior = seen.get(key, t);
      if (prior !== undefined) return prior === body ? 'same-message' : 'replayed';
      seen.set(key, body, Math.max(t + opts.ttlMs, keepUntil ?? 0), t);
      return 'new';
    },
    get size() {
      return seen.size;
    },
  };
}
