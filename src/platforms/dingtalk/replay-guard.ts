// Remembers which body each (timestamp, sign) pair carried: DingTalk's sign covers only the timestamp, so a
// captured header pair must never carry a second, different body within its window — not even one that reuses
// the original msgId.

export type ReplayVerdict = 'new' | 'same-message' | 'replayed';

export interface ReplayGuard {
  /** `body` is a digest of the raw body bytes: a redelivery is byte-identical, a forgery is not. */
  check(timestamp: string, sign: string, body: string): ReplayVerdict;
  readonly size: number;
}

export function createReplayGuard(opts: {
  ttlMs: number;
  maxEntries: number;
  now?: () => number;
}): ReplayGuard {
  const now = opts.now ?? Date.now;
  // Insertion order = age order, so expiry and eviction only ever look at the front.
  const seen = new Map<string, { body: string; at: number }>();
  const sweep = (t: number): void => {
    for (const [k, v] of seen) {
      if (t - v.at < opts.ttlMs && seen.size <= opts.maxEntries) break;
      seen.delete(k);
    }
  };
  return {
    check(timestamp, sign, body) {
      const t = now();
      sweep(t);
      const key = `${timestamp}\n${sign}`;
      const prior = seen.get(key);
      if (prior && t - prior.at < opts.ttlMs) return prior.body === body ? 'same-message' : 'replayed';
      seen.set(key, { body, at: t });
      if (seen.size > opts.maxEntries) sweep(t);
      return 'new';
    },
    get size() {
      return seen.size;
    },
  };
}
