// The SubjectAccessReview answer cache: time-bounded, size-bounded (LRU), one request per key at a time.
import { describe, expect, it, vi } from 'vitest';
import { createReviewCache } from '../../../src/authz/review-cache.ts';

function clock(start = 1_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('createReviewCache', () => {
  it('reuses an answer until its time is up, then asks again', async () => {
    const c = clock();
    const cache = createReviewCache<boolean>({ ttlMs: 1000, maxEntries: 10, now: c.now });
    const load = vi.fn(() => Promise.resolve(true));
    await cache.get('k', load);
    c.advance(999);
    await cache.get('k', load);
    expect(load).toHaveBeenCalledTimes(1);
    c.advance(1);
    await cache.get('k', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('caches a "no" like a "yes", so a denied sender cannot make it ask again and again', async () => {
    const cache = createReviewCache<boolean>({ ttlMs: 1000, maxEntries: 10, now: clock().now });
    const load = vi.fn(() => Promise.resolve(false));
    for (let i = 0; i < 5; i++) expect(await cache.get('k', load)).toBe(false);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('never holds more than maxEntries; the least recently used goes first', async () => {
    const cache = createReviewCache<string>({ ttlMs: 60_000, maxEntries: 3, now: clock().now });
    const load = vi.fn(() => Promise.resolve('v'));
    for (const k of ['a', 'b', 'c']) await cache.get(k, load);
    await cache.get('a', load); // a is now the most recently used
    await cache.get('d', load); // evicts b
    expect(cache.size).toBe(3);
    load.mockClear();
    await cache.get('a', load);
    await cache.get('c', load);
    await cache.get('d', load);
    expect(load).not.toHaveBeenCalled();
    await cache.get('b', load);
    expect(load).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 1000; i++) await cache.get(`k${i}`, load);
    expect(cache.size).toBe(3);
  });

  it('shares one request among concurrent asks for the same key', async () => {
    const cache = createReviewCache<number>({ ttlMs: 1000, maxEntries: 10, now: clock().now });
    let resolve: (v: number) => void = () => undefined;
    const load = vi.fn(() => new Promise<number>((r) => (resolve = r)));
    const all = Promise.all([cache.get('k', load), cache.get('k', load), cache.get('k', load)]);
    resolve(7);
    expect(await all).toEqual([7, 7, 7]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('does not cache a failure: the next ask tries again', async () => {
    const cache = createReviewCache<boolean>({ ttlMs: 1000, maxEntries: 10, now: clock().now });
    const load = vi.fn().mockRejectedValueOnce(new Error('down')).mockResolvedValueOnce(true);
    await expect(cache.get('k', load)).rejects.toThrow('down');
    expect(await cache.get('k', load)).toBe(true);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('refuses a cache that could hold nothing', () => {
    expect(() => createReviewCache({ ttlMs: 1, maxEntries: 0 })).toThrow(/maxEntries/);
  });
});
