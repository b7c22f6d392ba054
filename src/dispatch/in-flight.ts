// Tracks the work the dispatcher started (commands, replies, audit, follow-ups) so shutdown can wait for it.
import type { Logger } from '../log/logger.ts';

export interface InFlight {
  track(p: Promise<void>): void;
  /** Waits for everything tracked; false when the deadline passed first. */
  drain(timeoutMs: number): Promise<boolean>;
  readonly size: number;
}

export function createInFlight(log: Logger): InFlight {
  const running = new Set<Promise<void>>();
  return {
    track(p) {
      running.add(p);
      // The caught copy is what we wait on; a rejection here is a bug, logged rather than left unhandled.
      void p
        .catch((err: unknown) => log.error('unexpected failure in tracked work', { err }))
        .finally(() => running.delete(p));
    },
    async drain(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (running.size > 0) {
        const left = deadline - Date.now();
        if (left <= 0) return false;
        await Promise.race([Promise.allSettled([...running]), new Promise((r) => setTimeout(r, left))]);
      }
      return true;
    },
    get size() {
      return running.size;
    },
  };
}
