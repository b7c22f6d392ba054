// One rollout poller per workload, shared by everyone who asked, and a cap on pollers per process.
import type { ActionOutcome } from './types.ts';

/** Starts a poll that ends by `deadline()`, which may move later while it runs (a later request joined it). */
export type StartFollowUp = (deadline: () => number) => Promise<ActionOutcome>;

export interface FollowUpPool {
  /**
   * The outcome of the poll following `key`: the running one (its deadline extended to cover this request too), or
   * a new one. Undefined when `max` polls are running already: the caller says so instead of following.
   */
  follow(key: string, timeoutMs: number, start: StartFollowUp): Promise<ActionOutcome> | undefined;
  readonly size: number;
}

export interface FollowUpPoolOptions {
  readonly max: number;
  readonly now?: () => number;
  /** Told the number of running polls whenever it changes (for a gauge). */
  readonly onSizeChange?: (size: number) => void;
}

interface Poll {
  readonly outcome: Promise<ActionOutcome>;
  readonly deadline: { at: number };
}

/**
 * Without sharing, repeated `status web` on a stuck rollout made one poller per message, each polling for up to an
 * hour. A poll reads the live workload, so one poll answers every request about it.
 */
export function createFollowUpPool(opts: FollowUpPoolOptions): FollowUpPool {
  const now = opts.now ?? Date.now;
  const polls = new Map<string, Poll>();
  return {
    follow(key, timeoutMs, start) {
      const running = polls.get(key);
      if (running) {
        running.deadline.at = Math.max(running.deadline.at, now() + timeoutMs);
        return running.outcome;
      }
      if (polls.size >= opts.max) return undefined;
      // The poll reads its deadline through this record, so a later joiner's extension reaches it.
      const deadline = { at: now() + timeoutMs };
      const outcome = start(() => deadline.at).finally(() => {
        polls.delete(key);
        opts.onSizeChange?.(polls.size);
      });
      polls.set(key, { outcome, deadline });
      opts.onSizeChange?.(polls.size);
      return outcome;
    },
    get size() {
      return polls.size;
    },
  };
}
