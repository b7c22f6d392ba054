// What the action runner gives actions to follow what they started (a rollout, a Job): polls that outlive the first
// reply, bound by their own timeout and the follow-up signal (shutdown), shared per workload through the pool.
import type { RunnerClients } from '../kube/clients.ts';
import type { ActionEnv } from './action-env.ts';
import type { ErrorContext } from './explain-api-error.ts';
import { mapKubeError } from './explain-api-error.ts';
import { followJob } from './follow-job.ts';
import { followRollout } from './follow-rollout.ts';
import type { KubeActionRunnerOptions } from './runner.ts';
import type { ActionContext, ActionOutcome, WorkloadRef } from './types.ts';
import { targetParams } from './workloads.ts';

/** The follow-up signal when the caller gives none: follow-ups then end by their own timeout only. */
const NEVER = new AbortController().signal;

export interface FollowUpDeps {
  readonly opts: Pick<KubeActionRunnerOptions, 'followUps' | 'onFollowUpError'>;
  readonly pollIntervalMs: number;
  readonly ctx: ActionContext;
  readonly ref: WorkloadRef;
  readonly clientsFor: (signal: AbortSignal | undefined) => RunnerClients;
  readonly errorContext: (signal: AbortSignal | undefined) => ErrorContext;
}

export function followUpKey(ref: WorkloadRef): string {
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
}

/** The follow-up when the pool is full: the action ran; the sender learns why nobody is watching it. */
function busyOutcome(ref: WorkloadRef, watching: number): ActionOutcome {
  return { ok: false, summary: { key: 'action.follow-up.busy', params: { ...targetParams(ref), watching } } };
}

// Follow-ups outlive the first reply, so they are not bound by ctx.signal (the action timeout) but by their own
// timeout and ctx.followUpSignal (shutdown); every single call still has the per-call timeout.
export function createFollowUps(d: FollowUpDeps): Pick<ActionEnv, 'followRollout' | 'followJob'> {
  const { opts, ctx, ref } = d;
  const mapError = (err: unknown): unknown => mapKubeError(err, d.errorContext(ctx.followUpSignal));
  const onError = opts.onFollowUpError ? { onInternalError: opts.onFollowUpError } : {};
  return {
    followRollout: (timeoutSeconds) => {
      // A dry run starts no rollout, so there is nothing to follow.
      if (ctx.dryRun) return Promise.resolve({ ok: true, summary: { key: 'preview.no-follow-up' } });
      const start = (deadline?: () => number): Promise<ActionOutcome> => {
        const followClients = d.clientsFor(ctx.followUpSignal);
        return followRollout({
          apps: followClients.apps,
          core: followClients.core,
          ref,
          timeoutSeconds,
          ...(deadline ? { deadline } : {}),
          signal: ctx.followUpSignal ?? NEVER,
          pollIntervalMs: d.pollIntervalMs,
          mapError,
          ...onError,
        });
      };
      if (!opts.followUps) return start();
      const shared = opts.followUps.follow(followUpKey(ref), timeoutSeconds * 1000, start);
      return shared ?? Promise.resolve(busyOutcome(ref, opts.followUps.size));
    },
    followJob: (job, options) => {
      if (ctx.dryRun) return Promise.resolve({ ok: true, summary: { key: 'preview.no-follow-up' } });
      const followClients = d.clientsFor(ctx.followUpSignal);
      return followJob(
        {
          batch: followClients.batch,
          core: followClients.core,
          namespace: ref.namespace,
          signal: ctx.followUpSignal ?? NEVER,
          pollIntervalMs: d.pollIntervalMs,
          mapError,
          ...onError,
        },
        job,
        options,
        targetParams(ref),
      );
    },
  };
}
