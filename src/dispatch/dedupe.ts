// Remembers recently seen message ids so a platform's redelivery runs once; bounded in count and in time.

export interface Deduper {
  /**
   * True the first time an id is seen within the TTL; false for repeats. `keepUntil` (epoch ms) extends how long
   * this id is remembered, e.g. until its signature expires, whatever the TTL.
   */
  firstSeen(id: string, keepUntil?: number): boolean;
  readonly size: number;
}

export function createDeduper(opts: { ttlMs: number; maxEntries: number; now?: () => number }): Deduper {
  const now = opts.now ?? Date.now;
  // Map keeps insertion order, so the oldest entries are first: expiry and eviction are O(1) from the front.
  // An entry kept longer by keepUntil may sit behind shorter ones; each lookup still checks its own expiry.
  const seen = new Map<string, number>();
  const sweep = (t: number): void => {
    for (const [id, until] of seen) {
      if (t < until && seen.size <= opts.maxEntries) break;
      seen.delete(id);
    }
  };
  return {
    firstSeen(id, keepUntil) {
      const t = now();
      sweep(t);
      const until = seen.get(id);
      if (until !== undefined && t < until) return false;
      seen.delete(id);
      seen.set(id, Math.max(t + opts.ttlMs, keepUntil ?? 0));
      if (seen.size > opts.maxEntries) sweep(t);
      return true;
    },
    get size() {
      return seen.size;
    },
  };
}
