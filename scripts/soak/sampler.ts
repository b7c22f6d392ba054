// Samples the controller's leak-relevant metrics (RSS, heap, open fds, active handles) and its readiness.
import { metric, scrapeMetrics } from '../../bench/lib/metrics.ts';

export const SOAK_METRICS = [
  'kubetalk_process_resident_memory_bytes',
  'kubetalk_nodejs_heap_size_used_bytes',
  'kubetalk_process_open_fds',
  'kubetalk_nodejs_active_handles_total',
] as const;
export type SoakMetric = (typeof SOAK_METRICS)[number];

export interface Sample {
  /** Seconds since the soak started. */
  readonly t: number;
  readonly values: Readonly<Record<SoakMetric, number>>;
  readonly ready: boolean;
}

export async function takeSample(internalUrl: string, startedAt: number): Promise<Sample> {
  const [m, ready] = await Promise.all([
    scrapeMetrics(internalUrl),
    fetch(`${internalUrl}/readyz`).then(
      (r) => r.ok,
      () => false,
    ),
  ]);
  const values = Object.fromEntries(SOAK_METRICS.map((k) => [k, metric(m, k)])) as Record<SoakMetric, number>;
  return { t: (performance.now() - startedAt) / 1000, values, ready };
}
