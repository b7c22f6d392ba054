// Delays between delivery attempts: exponential, capped, with jitter so retries from many replies spread out.

export interface BackoffOptions {
  readonly baseMs: number;
  readonly maxMs: number;
  /** Uniform in [0, 1); Math.random by default. */
  readonly random?: () => number;
}

/** Delay before retry number `retry` (1 = first retry): half the capped exponential step, plus up to half again. */
export function computeBackoffMs(retry: number, options: BackoffOptions): number {
  const step = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, retry - 1));
  const random = options.random ?? Math.random;
  return Math.round(step / 2 + random() * (step / 2));
}
