// Remembers recently seen message ids so a platform's redelivery runs once; bounded in count and in time.

export interface Deduper {
  /** True the first time an id is seen within the TTL; false for repeats. */
  firstSeen(id: string): boolean;
  readonly size: number;
}

export function createDeduper(opts: { ttlMs: number; maxEntries: number; now?: () => number }): Deduper {
  const now = opts.now ?? Date.now;
  // Map keeps insertion order, so the oldest entries are first: expiry and eviction are O(1) from the front.
  const seen = new Map<string, number>();
  const sweep = (t: number): void => {
    for (const [id, at] of seen) {
      if (t - at < opts.ttlMs && seen.size <= opts.maxEntries) break;
      seen.delete(id);
    }
  };
  return {
    firstSeen(id) {
      const t = now();
      sweep(t);
      const at = seen.get(id);
      if (at !== undefined && t - at < opts.ttlMs) return false;
      seen.delete(id);
      seen.set(id, t);
      if (seen.size > opts.maxEntries) sweep(t);
      return true;
    },
    get size() {
      return seen.size;
    },
  };
}
