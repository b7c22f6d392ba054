// Remembers recently seen message ids so a platform's redelivery runs once; bounded in count and in time.
import { createExpiringMap } from '../lib/expiring-map.ts';

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
  const seen = createExpiringMap<true>(opts.maxEntries);
  return {
    firstSeen(id, keepUntil) {
      const t = now();
      if (seen.get(id, t)) return false;
      seen.set(id, true, Math.max(t + opts.ttlMs, keepUntil ?? 0), t);
      return true;
    },
    get size() {
      return seen.size;
    },
  };
}
