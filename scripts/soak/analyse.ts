// Whether each sampled metric stayed flat: first and last thirds after warm-up compared, and the trend's slope.
import { slope, spread } from '../../bench/lib/stats.ts';
import { SOAK_METRICS, type Sample, type SoakMetric } from './sampler.ts';

export interface MetricTrend {
  readonly metric: SoakMetric;
  readonly firstThird: number;
  readonly lastThird: number;
  readonly min: number;
  readonly max: number;
  /** Units per minute, least squares over the samples after warm-up. */
  readonly slopePerMinute: number;
}

/** Drops the first `warmupFraction` of the samples (caches fill, JIT settles), then compares thirds. */
export function analyse(samples: readonly Sample[], warmupFraction = 0.2): MetricTrend[] {
  const steady = samples.slice(Math.floor(samples.length * warmupFraction));
  const third = Math.max(1, Math.floor(steady.length / 3));
  return SOAK_METRICS.map((metric) => {
    const ys = steady.map((s) => s.values[metric]);
    const all = spread(ys);
    return {
      metric,
      firstThird: spread(ys.slice(0, third)).median,
      lastThird: spread(ys.slice(-third)).median,
      min: all.min,
      max: all.max,
      slopePerMinute: slope(
        steady.map((s) => s.t / 60),
        ys,
      ),
    };
  });
}

/**
 * The leak-shaped verdict, generous on purpose (GC timing moves memory by megabytes): memory may end at most
 * 1.5× + 20 MiB of where the steady state began; fds and handles may grow by a small constant only.
 */
export function isFlat(t: MetricTrend): boolean {
  switch (t.metric) {
    case 'kubetalk_process_resident_memory_bytes':
    case 'kubetalk_nodejs_heap_size_used_bytes':
      return t.lastThird <= t.firstThird * 1.5 + 20 * 1024 * 1024;
    case 'kubetalk_process_open_fds':
      return t.lastThird <= t.firstThird + 10;
    case 'kubetalk_nodejs_active_handles_total':
      return t.lastThird <= t.firstThird + 20;
  }
}
