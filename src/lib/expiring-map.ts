// The one bounded, time-limited map: entries live until their own expiry, and the oldest go first when full.

export interface ExpiringMap<V> {
  /** The live value of `key` at time `t`, or undefined when absent or expired. */
  get(key: string, t: number): V | undefined;
  /** Stores `value` until epoch ms `until`; the entry moves to the back, so the front stays the oldest. */
  set(key: string, value: V, until: number, t: number): void;
  readonly size: number;
}

export function createExpiringMap<V>(maxEntries: number): ExpiringMap<V> {
  // Map keeps insertion order, so the oldest entries are first: expiry and eviction are O(1) from the front.
  // An entry kept longer may sit behind shorter ones; each lookup still checks its own expiry.
  const entries = new Map<string, { value: V; until: number }>();
  const sweep = (t: number): void => {
    for (const [k, e] of entries) {
      if (t < e.until && entries.size <= maxEntries) break;
      entries.delete(k);
    }
  };
  return {
    get(key, t) {
      sweep(t);
      const e = entries.get(key);
      return e !== undefined && t < e.until ? e.value : undefined;
    },
    set(key, value, until, t) {
      entries.delete(key);
      entries.set(key, { value, until });
      if (entries.size > maxEntries) sweep(t);
    },
    get size() {
      return entries.size;
    },
  };
}
