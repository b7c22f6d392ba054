// Follows a rollout after the first reply: polls the workload until kubectl would call it done, failed, or too slow.
import type { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import { isUserFacingError, type UserMessage } from '../errors.ts';
import { lookUpPodWarning } from './pod-warning.ts';
import { computeRolloutStatus, type RolloutCounts } from './rollout-status.ts';
import type { ActionOutcome, WorkloadRef } from './types.ts';
import { readWorkload, targetParams, type Workload } from './workloads.ts';

export interface FollowRolloutOptions {
  readonly apps: AppsV1Api;
  /** For the "why is it stuck" hint when time runs out. */
  readonly core: CoreV1Api;
  readonly ref: WorkloadRef;
  readonly timeoutSeconds: number;
  /** Epoch ms the poll ends by, read before every wait (a shared poll's deadline may move later); default: start + timeout. */
  readonly deadline?: () => number;
  readonly signal: AbortSignal;
  readonly pollIntervalMs: number;
  /** Maps an API failure to a UserFacingError (or returns it unchanged). */
  readonly mapError: (err: unknown) => unknown;
  /** Failures that are not user-facing: the outcome says "could not follow", the details go to the operator's log. */
  readonly onInternalError?: (err: unknown) => void;
}

/** Transient trouble while following is worth another poll; the deadline still bounds the wait. */
const TRANSIENT_KEYS = new Set(['action.api-unavailable', 'action.timeout']);

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
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
  const fixed = started + opts.timeoutSeconds * 1000;
  const deadline = opts.deadline ?? ((): number => fixed);
  let last: { counts: RolloutCounts; workload: Workload } | undefined;
  const stillInProgress = async (): Promise<ActionOutcome> => {
    const seconds = Math.round((Date.now() - started) / 1000);
    // After a shutdown every call would fail; only a timed-out wait is worth the extra lookup.
    const warning =
      last && !opts.signal.aborted ? await lookUpPodWarning(opts.core, last.workload) : undefined;
    return {
      ok: false,
      summary: {
        key: 'action.rollout.still-in-progress',
        params: {
          ...targetParams(opts.ref),
          seconds,
          updated: last?.counts.updated ?? 0,
          desired: last?.counts.desired ?? 0,
          ready: last?.counts.ready ?? 0,
        },
      },
      ...(warning ? { blocks: [{ heading: { key: 'action.rollout.warning' }, text: warning }] } : {}),
    };
  };
  for (;;) {
    if (opts.signal.aborted) return await stillInProgress();
    try {
      const workload = await readWorkload(opts.apps, opts.ref);
      const status = computeRolloutStatus(workload);
      last = { counts: status.counts, workload };
      if (status.done || status.failed) return { ok: status.done, summary: status.message };
    } catch (err) {
      if (opts.signal.aborted) return await stillInProgress();
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
    const left = deadline() - Date.now();
    if (left <= 0) return await stillInProgress();
    await sleep(Math.min(opts.pollIntervalMs, left), opts.signal);
  }
}
