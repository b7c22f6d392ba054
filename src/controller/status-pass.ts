// A debounced, single-flight status pass: many changes in a burst cause one pass, and never two at once.
import type { Logger } from '../log/logger.ts';

export interface StatusPass {
  /** Schedules a pass (debounced); one already running is followed by one more. */
  soon(): void;
  /** Called from inside a pass whose writes failed: another pass follows this one. */
  retryLater(): void;
  /** Cancels what is scheduled; a pass in progress sees `stopped` and ends early. */
  stop(): void;
  readonly stopped: boolean;
}

export function createStatusPass(
  run: () => Promise<void>,
  opts: { readonly log: Logger; readonly debounceMs?: number },
): StatusPass {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;
  let stopped = false;
  const soon = (): void => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      if (running) {
        again = true;
        return;
      }
      running = true;
      run()
        .catch((err: unknown) => opts.log.error('status pass failed', { err }))
        .finally(() => {
          running = false;
          if (again) {
            again = false;
            soon();
          }
        });
    }, opts.debounceMs ?? 100);
  };
  return {
    soon,
    retryLater: () => {
      again = true;
    },
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
    get stopped() {
      return stopped;
    },
  };
}
