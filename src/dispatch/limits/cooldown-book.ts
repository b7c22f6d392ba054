// Per-key cooldowns ("this may run again only after N s"), remembered in this process and forgotten once over.

export interface CooldownBookOptions {
  /** Epoch-milliseconds clock. */
  readonly now: () => number;
  /** Hard cap on remembered keys; past it the cooldown that ends soonest is forgotten first. */
  readonly maxKeys?: number;
}

export interface CooldownBook {
  /** Milliseconds until `key` is out of its cooldown; 0 when it is not cooling down. */
  waitMs(key: string): number;
  /**
   * Starts a cooldown of `durationMs` for `key` now. Returns `cancel`, which lifts this cooldown (and only
   * this one: a later start for the same key is left alone) — for an action that failed and may be retried.
   */
  start(key: string, durationMs: number): () => void;
  readonly size: number;
}

const DEFAULT_MAX_KEYS = 10_000;

export function createCooldownBook(options: CooldownBookOptions): CooldownBook {
  const { now } = options;
  const maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
  const until = new Map<string, { readonly endsAt: number }>();

  const forgetOver = (t: number): void => {
    for (const [key, entry] of until) if (entry.endsAt <= t) until.delete(key);
  };

  return {
    waitMs(key) {
      const entry = until.get(key);
      if (entry === undefined) return 0;
      const left = entry.endsAt - now();
      if (left > 0) return left;
      until.delete(key);
      return 0;
    },
    start(key, durationMs) {
      const t = now();
      const entry = { endsAt: t + durationMs };
      until.set(key, entry);
      // Cooldowns are started only by admitted mutating actions, so sweeping here is rare and cheap enough.
      if (until.size > maxKeys) forgetOver(t);
      while (until.size > maxKeys) {
        let soonest: string | undefined;
        let soonestAt = Number.POSITIVE_INFINITY;
        for (const [k, e] of until) {
          if (e.endsAt < soonestAt) {
            soonest = k;
            soonestAt = e.endsAt;
          }
        }
        if (soonest === undefined) break;
        until.delete(soonest);
      }
      return () => {
        if (until.get(key) === entry) until.delete(key);
      };
    },
    get size() {
      return until.size;
    },
  };
}
