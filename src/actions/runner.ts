// The ActionRunner that performs actions in the cluster as the namespace's runner ServiceAccount.
import type { KubeConfig } from '@kubernetes/client-node';
import { UserFacingError } from '../errors.ts';
import { mapKubeError, type ErrorContext } from '../kube/api-errors.ts';
import { createRunnerClients, formatRunnerUser, type RunnerClients } from '../kube/clients.ts';
import type { ActionEnv } from './action-env.ts';
import { followRollout } from './follow-rollout.ts';
import { runDiagnose } from './diagnose.ts';
import { runHistory } from './history.ts';
import { runLogs } from './logs.ts';
import { runRestart } from './restart.ts';
import { runScale } from './scale.ts';
import { runStatus } from './status.ts';
import type { ActionContext, ActionOutcome, ActionRequest, ActionRunner } from './types.ts';
import { runUndo } from './undo.ts';
import { readWorkload, requireSelectorMatch, type Workload } from './workloads.ts';

export const DEFAULT_RUNNER_NAME = 'kubetalk-runner';
export const DEFAULT_POLL_INTERVAL_MS = 2_000;

export interface KubeActionRunnerOptions {
  /** The controller's own credentials; every request impersonates the runner on top of them. */
  readonly kc: KubeConfig;
  /** The runner ServiceAccount's name in each namespace (`kubetalk-runner`). */
  readonly runnerName?: string;
  /** The clock for `restartedAt`; injectable for tests. */
  readonly now?: () => Date;
  /** How often follow-ups poll a rollout. */
  readonly pollIntervalMs?: number;
  /** Upper bound for any single API request. */
  readonly callTimeoutMs?: number;
  /** Called with failures inside a follow-up that are not user-facing (the follow-up itself never rejects). */
  readonly onFollowUpError?: (err: unknown) => void;
}

/** The follow-up signal when the caller gives none: follow-ups then end by their own timeout only. */
const NEVER = new AbortController().signal;

/** DNS subdomain (workload names) and DNS label (namespaces), as the API server validates them. */
const WORKLOAD_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const NAMESPACE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Names reach URLs; refusing malformed ones early keeps `../` and friends out of request paths. */
function checkTarget(ctx: ActionContext): void {
  const { name, namespace } = ctx.target;
  if (
    !WORKLOAD_NAME.test(name) ||
    name.length > 253 ||
    !NAMESPACE_NAME.test(namespace) ||
    namespace.length > 63
  ) {
    throw new UserFacingError('action.invalid-target', { name, namespace });
  }
}

async function dispatch(request: ActionRequest, env: ActionEnv): Promise<ActionOutcome> {
  switch (request.type) {
    case 'scale':
      return await runScale(request, env);
    case 'restart':
      return await runRestart(request, env);
    case 'status':
      return await runStatus(request, env);
    case 'undo':
      return await runUndo(request, env);
    case 'history':
      return await runHistory(env);
    case 'logs':
      return await runLogs(request, env);
    case 'diagnose':
      return await runDiagnose(request, env);
  }
}

export function createKubeActionRunner(opts: KubeActionRunnerOptions): ActionRunner {
  const runnerName = opts.runnerName ?? DEFAULT_RUNNER_NAME;
  const now = opts.now ?? ((): Date => new Date());
  const pollIntervalMs = opts.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  return {
    async run(request: ActionRequest, ctx: ActionContext): Promise<ActionOutcome> {
      checkTarget(ctx);
      const ref = ctx.target;
      const identity = { namespace: ref.namespace, runnerName };
      const errorContext = (signal: AbortSignal | undefined): ErrorContext => ({
        runnerUser: formatRunnerUser(identity),
        runnerName,
        namespace: ref.namespace,
        target: { kind: ref.kind, name: ref.name },
        signal,
      });
      const clientsFor = (signal: AbortSignal | undefined): RunnerClients =>
        createRunnerClients(opts.kc, identity, { signal, callTimeoutMs: opts.callTimeoutMs });
      const clients = clientsFor(ctx.signal);
      const readTarget = async (): Promise<Workload> => {
        const w = await readWorkload(clients.apps, ref);
        requireSelectorMatch(ctx, w.obj.metadata?.labels);
        return w;
      };
      const env: ActionEnv = {
        apps: clients.apps,
        core: clients.core,
        getJson: clients.getJson,
        ctx,
        now,
        readTarget,
        // Follow-ups outlive the first reply, so they are not bound by ctx.signal (the action timeout) but by their
        // own timeout and ctx.followUpSignal (shutdown); every single call still has the per-call timeout.
        followRollout: (timeoutSeconds) => {
          const followClients = clientsFor(ctx.followUpSignal);
          return followRollout({
            apps: followClients.apps,
            core: followClients.core,
            ref,
            timeoutSeconds,
            signal: ctx.followUpSignal ?? NEVER,
            pollIntervalMs,
            mapError: (err) => mapKubeError(err, errorContext(ctx.followUpSignal)),
            ...(opts.onFollowUpError ? { onInternalError: opts.onFollowUpError } : {}),
          });
        },
      };
      try {
        return await dispatch(request, env);
      } catch (err) {
        throw mapKubeError(err, errorContext(ctx.signal));
      }
    },
  };
}
