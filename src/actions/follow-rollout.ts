// Follows a rollout after the first reply: polls the workload until kubectl would call it done, failed, or too slow.
import type { AppsV1Api } from '@kubernetes/client-node';
import { isUserFacingError, type UserMessage } from '../errors.ts';
import { computeRolloutStatus, type RolloutCounts } from './rollout-status.ts';
import type { ActionOutcome, WorkloadRef } from './types.ts';
import { readWorkload, targetParams } from './workloads.ts';

export interface FollowRolloutOptions {
  readonly apps: AppsV1Api;
  readonly ref: WorkloadRef;
  readonly timeoutSeconds: number;
  readonly signal: AbortSignal;
  readonly pollIntervalMs: number;
  /** Maps an API failure to a UserFacingError (or returns it unchanged). */
  readonly mapError: (err: unknown) => unknown;
  /** Failures that are not user-facing: the outcome says "could not follow", the details go to the operator's log. */
  readonly onInternalError?: (err: unknown) => void;
}

/** Transient trouble while following is worth another poll; the deadline still bounds the wait. */
const TRANSIENT_KEYS = new Set(['action.api-unavailable', 'action.timeout']);

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

export async function followRollout(opts: FollowRolloutOptions): Promise<ActionOutcome> {
  const started = Date.now();
  const deadline = started + opts.timeoutSeconds * 1000;
  let last: RolloutCounts | undefined;
  const stillInProgress = (): ActionOutcome => ({
    ok: false,
    summary: {
      key: 'action.rollout.still-in-progress',
      params: {
        ...targetParams(opts.ref),
        seconds: Math.round((Date.now() - started) / 1000),
        updated: last?.updated ?? 0,
        desired: last?.desired ?? 0,
        ready: last?.ready ?? 0,
      },
    },
  });
  for (;;) {
    if (opts.signal.aborted) return stillInProgress();
    try {
      const status = computeRolloutStatus(await readWorkload(opts.apps, opts.ref));
      last = status.counts;
      if (status.done || status.failed) return { ok: status.done, summary: status.message };
    } catch (err) {
      if (opts.signal.aborted) return stillInProgress();
      const mapped = opts.mapError(err);
      if (!isUserFacingError(mapped)) {
        opts.onInternalError?.(err);
        return {
          ok: false,
          summary: { key: 'action.rollout.follow-failed', params: targetParams(opts.ref) },
        };
      }
      if (!TRANSIENT_KEYS.has(mapped.userMessage.key))
        return { ok: false, summary: mapped.userMessage satisfies UserMessage };
    }
    const left = deadline - Date.now();
    if (left <= 0) return stillInProgress();
    await sleep(Math.min(opts.pollIntervalMs, left), opts.signal);
  }
}
