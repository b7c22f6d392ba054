// The diagnosis cache: one computation per (workload, alert group) while fresh, failures not remembered.
import { describe, expect, it } from 'vitest';
import { createDiagnosisCache } from '../../../../src/actions/diagnose/cache.ts';

const web = { kind: 'Deployment', namespace: 'shop', name: 'web' } as const;

describe('createDiagnosisCache', () => {
  it('computes once per workload and alert group within the TTL, again after it', async () => {
    let t = 0;
    let runs = 0;
    const cache = createDiagnosisCache<number>({ ttlMs: 60_000, now: () => t });
    const compute = (): Promise<number> => Promise.resolve(++runs);
    expect(await cache.getOrCompute(web, 'g1', compute)).toBe(1);
    t = 59_999;
    expect(await cache.getOrCompute(web, 'g1', compute)).toBe(1);
    expect(await cache.getOrCompute(web, 'g2', compute)).toBe(2);
    expect(await cache.getOrCompute({ ...web, name: 'api' }, 'g1', compute)).toBe(3);
    t = 60_000;
    expect(await cache.getOrCompute(web, 'g1', compute)).toBe(4);
  });

  it('shares one computation between repeats that arrive before it settles', async () => {
    let runs = 0;
    let release = (): void => undefined;
    const cache = createDiagnosisCache<string>({ ttlMs: 1000, now: () => 0 });
    const slow = (): Promise<string> => {
      runs++;
      return new Promise((resolve) => (release = () => resolve('report')));
    };
    const a = cache.getOrCompute(web, 'g', slow);
    const b = cache.getOrCompute(web, 'g', slow);
    release();
    expect(await Promise.all([a, b])).toEqual(['report', 'report']);
    expect(runs).toBe(1);
  });

  it('does not remember a failure, and keeps at most maxEntries', async () => {
    const cache = createDiagnosisCache<string>({ ttlMs: 1000, maxEntries: 2, now: () => 0 });
    await expect(cache.getOrCompute(web, 'g', () => Promise.reject(new Error('503')))).rejects.toThrow('503');
    expect(await cache.getOrCompute(web, 'g', () => Promise.resolve('ok'))).toBe('ok');
    await cache.getOrCompute(web, 'h', () => Promise.resolve('ok'));
    await cache.getOrCompute(web, 'i', () => Promise.resolve('ok'));
    expect(cache.size).toBe(2);
  });
});
