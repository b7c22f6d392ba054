// Remembers which msgId each (timestamp, sign) pair carried: DingTalk's sign covers only the timestamp, so a
// captured header pair must never carry a second, different body within its window.

export type ReplayVerdict = 'new' | 'same-message' | 'replayed';

export interface ReplayGuard {
  check(timestamp: string, sign: string, messageId: string): ReplayVerdict;
  readonly size: number;
}

export function createReplayGuard(opts: {
  ttlMs: number;
  maxEntries: number;
  now?: () => number;
}): ReplayGuard {
  const now = opts.now ?? Date.now;
  // Insertion order = age order, so expiry and eviction only ever look at the front.
  const seen = new Map<string, { messageId: string; at: number }>();
  const sweep = (t: number): void => {
    for (const [k, v] of seen) {
      if (t - v.at < opts.ttlMs && seen.size <= opts.maxEntries) break;
      seen.delete(k);
    }
  };
  return {
    check(timestamp, sign, messageId) {
      const t = now();
      sweep(t);
      const key = `${timestamp}\n${sign}`;
      const prior = seen.get(key);
      if (prior && t - prior.at < opts.ttlMs)
        return prior.messageId === messageId ? 'same-message' : 'replayed';
      seen.set(key, { messageId, at: t });
      if (seen.size > opts.maxEntries) sweep(t);
      return 'new';
    },
    get size() {
      return seen.size;
    },
  };
}
