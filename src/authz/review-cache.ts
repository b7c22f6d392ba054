// A small cache of access-review answers: each answer lives `ttlMs`, at most `maxEntries` are kept (least recently
// used go first), and concurrent asks for the same key share one request, so `help` never becomes a review storm.

export interface ReviewCacheOptions {
  readonly ttlMs: number;
  readonly maxEntries: number;
  /** Epoch-milliseconds clock; Date.now by default (tests pass their own). */
  readonly now?: () => number;
}

export interface ReviewCache<V> {
  /** The cached answer, or `load()`'s; a rejected load is not cached, so the next ask tries again. */
  get(key: string, load: () => Promise<V>): Promise<V>;
  readonly size: number;
  clear(): void;
}

export function createReviewCache<V>(opts: ReviewCacheOptions): ReviewCache<V> {
  if (opts.maxEntries < 1) throw new Error('maxEntries must be at least 1');
  const now = opts.now ?? Date.now;
  const entries = new Map<string, { value: V; expiresAt: number }>();
  const pending = new Map<string, Promise<V>>();

  function remember(key: string, value: V): void {
    entries.delete(key);
    entries.set(key, { value, expiresAt: now() + opts.ttlMs });
    while (entries.size > opts.maxEntries) {
      const oldest = entries.keys().next();
      if (oldest.done) break;
      entries.delete(oldest.value);
    }
  }

  return {
    get(key, load) {
      const hit = entries.get(key);
      if (hit && hit.expiresAt > now()) {
        // Re-inserting moves the key to the young end: eviction drops the least recently used.
        entries.delete(key);
        entries.set(key, hit);
        return Promise.resolve(hit.value);
      }
      if (hit) entries.delete(key);
      const inFlight = pending.get(key);
      if (inFlight) return inFlight;
      const p = load().then(
        (value) => {
          pending.delete(key);
          remember(key, value);
          return value;
        },
        (err: unknown) => {
          pending.delete(key);
          throw err;
        },
      );
      pending.set(key, p);
      return p;
    },
    get size() {
      return entries.size;
    },
    clear() {
      entries.clear();
    },
  };
}
