// Remembers which body each (timestamp, sign) pair carried: DingTalk's sign covers only the timestamp, so a
// captured header pair must never carry a second, different body within its window — not even one that reuses
// the original msgId.

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
  // Insertion order ≈ expiry order (every keepUntil is within two windows of its receipt), so expiry and
  // eviction only look at the front; a later entry that expired early is still refused by its own expiry.
  const seen = new Map<string, { body: string; until: number }>();
  const sweep = (t: number): void => {
    for (const [k, v] of seen) {
      if (t < v.until && seen.size <= opts.maxEntries) break;
      seen.delete(k);
    }
  };
  return {
    check(timestamp, sign, body, keepUntil) {
      const t = now();
      sweep(t);
      const key = `${timestamp}\n${sign}`;
      const prior = seen.get(key);
      if (prior && t < prior.until) return prior.body === body ? 'same-message' : 'replayed';
      seen.delete(key);
      seen.set(key, { body, until: Math.max(t + opts.ttlMs, keepUntil ?? 0) });
      if (seen.size > opts.maxEntries) sweep(t);
      return 'new';
    },
    get size() {
      return seen.size;
    },
  };
}
