// Remembers diagnoses per (workload, alert group) for a while, so repeats of one alert group are not re-diagnosed.
import type { WorkloadRef } from '../types.ts';

export interface DiagnosisCacheOptions {
  readonly ttlMs: number;
  /** Entries kept at most; the oldest is dropped first. */
  readonly maxEntries?: number;
  readonly now?: () => number;
}

export interface DiagnosisCache<T> {
  /** The cached value for the key while fresh; else runs `compute` once, even when asked again before it settles. */
  getOrCompute(ref: WorkloadRef, group: string, compute: () => Promise<T>): Promise<T>;
  readonly size: number;
}

export const DEFAULT_CACHE_ENTRIES = 500;

export function formatCacheKey(ref: WorkloadRef, group: string): string {
  return JSON.stringify([ref.namespace, ref.kind, ref.name, group]);
}

export function createDiagnosisCache<T>(opts: DiagnosisCacheOptions): DiagnosisCache<T> {
  const now = opts.now ?? Date.now;
  const max = opts.maxEntries ?? DEFAULT_CACHE_ENTRIES;
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  return {
    get size() {
      return entries.size;
    },
    async getOrCompute(ref, group, compute) {
      const key = formatCacheKey(ref, group);
      const hit = entries.get(key);
      if (hit && now() - hit.at < opts.ttlMs) return await hit.value;
      entries.delete(key);
      const value = compute();
      entries.set(key, { at: now(), value });
      // A failed diagnosis is not remembered: the next repeat tries again.
      value.catch(() => {
        if (entries.get(key)?.value === value) entries.delete(key);
      });
      while (entries.size > max) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
      return await value;
    },
  };
}
