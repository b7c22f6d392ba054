// Per-key "at most N starts per rolling window" counting: refuses instead of queueing, and forgets idle keys.

export interface RollingCounterOptions {
  /** Starts allowed per key per window; 0 means unlimited. */
  readonly limit: number;
  readonly windowMs: number;
  /** Epoch-milliseconds clock. */
  readonly now: () => number;
  /**
   * Hard cap on remembered keys. Past it the least recently started key is forgotten: that can only make the
   * counter more lenient for that key, never lock anyone out, and it keeps memory bounded under any flood.
   */
  readonly maxKeys?: number;
}

export interface RollingCounter {
  /** Milliseconds until `key` may start once more; 0 when it may start now. Counts nothing. */
  waitMs(key: string): number;
  /** Counts one start for `key` now. */
  record(key: string): void;
  /** Keys remembered: those with a start inside the last window or two, at most maxKeys. */
  readonly size: number;
}

const DEFAULT_MAX_KEYS = 10_000;

export function createRollingCounter(options: RollingCounterOptions): RollingCounter {
  const { limit, windowMs, now } = options;
  const maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
  // Start times inside the window, oldest first; never longer than `limit`, because beyond it we refuse.
  const starts = new Map<string, number[]>();
  let lastSweep = now();

  const prune = (list: number[], t: number): void => {
    while (list[0] !== undefined && list[0] <= t - windowMs) list.shift();
  };

  // At most once per window, so each call stays O(1) amortised while idle keys still go away.
  const forgetIdle = (t: number): void => {
    if (t - lastSweep < windowMs) return;
    lastSweep = t;
    for (const [key, list] of starts) {
      prune(list, t);
      if (list.length === 0) starts.delete(key);
    }
  };

  return {
    waitMs(key) {
      if (limit === 0) return 0;
      const t = now();
      forgetIdle(t);
      const list = starts.get(key);
      if (list === undefined) return 0;
      prune(list, t);
      const oldest = list[0];
      if (list.length < limit || oldest === undefined) return 0;
      return Math.max(1, oldest + windowMs - t);
    },
    record(key) {
      if (limit === 0) return;
      const t = now();
      forgetIdle(t);
      const list = starts.get(key) ?? [];
      prune(list, t);
      list.push(t);
      if (list.length > limit) list.shift();
      // Re-inserting moves the key to the back of the Map, so the front is always the least recently used.
      starts.delete(key);
      starts.set(key, list);
      while (starts.size > maxKeys) {
        const first = starts.keys().next();
        if (first.done === true) break;
        starts.delete(first.value);
      }
    },
    get size() {
      return starts.size;
    },
  };
}
