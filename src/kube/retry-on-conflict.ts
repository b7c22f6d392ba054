// Bounded retry for optimistic-concurrency conflicts (HTTP 409): re-read, re-check, write again.
import { isConflict } from './api-errors.ts';

export const DEFAULT_CONFLICT_ATTEMPTS = 3;

/** Runs `attempt` again while it fails with a 409 Conflict, at most `attempts` times in all; other errors pass through. */
export async function retryOnConflict<T>(
  attempt: () => Promise<T>,
  attempts = DEFAULT_CONFLICT_ATTEMPTS,
): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (i >= attempts || !isConflict(err)) throw err;
    }
  }
}
