// Bounded retry for optimistic-concurrency conflicts (HTTP 409): re-read, re-check, write again, with a short backoff.
import { setTimeout as sleep } from 'node:timers/promises';
import { isConflict } from './api-status.ts';

export interface RetryOptions {
  /** Attempts in all, the first included. */
  readonly attempts?: number;
  /** Delay before the second attempt; doubled for each further one, with ±20 % jitter. */
  readonly baseDelayMs?: number;
  /** Which failures are lost races worth another attempt; 409 Conflict by default. */
  readonly isRetryable?: (err: unknown) => boolean;
}

// Like client-go's retry.DefaultBackoff: a writer racing a controller usually wins within a few tens of ms,
// and five attempts over ~150 ms stay far below a chat user's patience.
export const DEFAULT_CONFLICT_ATTEMPTS = 5;
export const DEFAULT_CONFLICT_DELAY_MS = 10;

/** Runs `attempt` again while it fails with a retryable error, at most `attempts` times in all; other errors pass through. */
export async function retryOnConflict<T>(attempt: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const attempts = opts.attempts ?? DEFAULT_CONFLICT_ATTEMPTS;
  const base = opts.baseDelayMs ?? DEFAULT_CONFLICT_DELAY_MS;
  const isRetryable = opts.isRetryable ?? isConflict;
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (i >= attempts || !isRetryable(err)) throw err;
      await sleep(base * 2 ** (i - 1) * (0.8 + Math.random() * 0.4));
    }
  }
}
