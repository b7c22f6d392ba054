// The ActionRunner that performs actions in the cluster as the namespace's runner ServiceAccount.
import type { KubeConfig } from '@kubernetes/client-node';
import { UserFacingError } from '../errors.ts';
import { mapKubeError, type ErrorContext } from './explain-api-error.ts';
import { createRunnerClients, formatRunnerUser, type RunnerClients } from '../kube/clients.ts';
import type { ActionEnv } from './action-env.ts';
import type { FollowUpPool } from './follow-up-pool.ts';
import { runCronJobSuspend } from './cronjob-suspend.ts';
import { runEvents } from './events-view.ts';
import { runJob } from './job.ts';
import { runPause } from './pause.ts';
import { runPods } from './pods-view.ts';
import { runWebhook, type WebhookDeps } from './webhook.ts';
import { runHistory } from './history.ts';
import { runLogs } from './logs.ts';
import { runRestart } from './restart.ts';
import { runScale } from './scale.ts';
import { runStatus } from './status.ts';
import type { ActionContext, ActionOutcome, ActionRequest, ActionRunner, WorkloadRef } from './types.ts';
import { runUndo } from './undo.ts';
import { readWorkload, requireSelectorMatch, targetParams, type Workload } from './workloads.ts';
import { createFollowUps, followUpKey } from './runner-follow-ups.ts';
import { buildPreview, buildWebhookPreview } from './preview/build-preview.ts';
import { targetPath } from './preview/target-path.ts';

export const DEFAULT_RUNNER_NAME = 'kubetalk-runner';
export const DEFAULT_POLL_INTERVAL_MS = 2_000;

export interface KubeActionRunnerOptions {
  /** The controller's own credentials; every request impersonates the runner on top of them. */
  readonly kc: KubeConfig;
  /** The runner ServiceAccount's name in each namespace (`kubetalk-runner`). */
  readonly runnerName?: string;
  /** The clock for `restartedAt`; injectable for tests. */
  readonly now?: () => Date;
  /** Shares one poll per workload and caps the polls; without it every follow-up polls on its own. */
  readonly followUps?: FollowUpPool;
  /** How often follow-ups poll a rollout. */
  readonly pollIntervalMs?: number;
  /** Upper bound for any single API request. */
  readonly callTimeoutMs?: number;
  /** Called with failures inside a follow-up that are not user-facing (the follow-up itself never rejects). */
  readonly onFollowUpError?: (err: unknown) => void;
  /** The operator's outbound-webhook guard rails; without them no webhook host is allowed. */
  readonly webhookPolicy?: WebhookDeps['policy'];
  /** DNS resolution for webhooks; injectable for tests. */
  readonly resolveHost?: WebhookDeps['resolve'];
}

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

async function dispatch(
  request: ActionRequest,
  env: ActionEnv,
  webhook: WebhookDeps,
): Promise<ActionOutcome> {
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
    case 'job':
      return await runJob(request, env);
    case 'pause':
    case 'resume':
      return await runPause(request.type === 'pause', env);
    case 'cronjob-suspend':
    case 'cronjob-resume':
      return await runCronJobSuspend(request.type === 'cronjob-suspend', env);
    case 'pods':
      return await runPods(request, env);
    case 'events':
      return await runEvents(request, env);
    case 'webhook':
      return await runWebhook(request, env, webhook);
    case 'diagnose':
      // Loaded on first use: the rule set is the largest action and most replicas never run it (docs/design/0016).
      return await (await import('./diagnose.ts')).runDiagnose(request, env);
  }
}

/** The target as the API server has it now (for the preview's "before" and its uid/generation); read as the runner. */
async function readBefore(clients: RunnerClients, ref: WorkloadRef): Promise<unknown> {
  try {
    return await clients.getJson(targetPath(ref));
  } catch {
    // The action's own read reports a missing or forbidden target in its words; the preview then has no "before".
    return undefined;
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
      if (ctx.dryRun && request.type === 'webhook') {
        const preview = buildWebhookPreview(request, targetParams(ref));
        return { ok: true, summary: preview.summary, preview };
      }
      // Dry run: writes carry dryRun=All and what they would have stored is kept for the preview.
      const writes: unknown[] = [];
      const dryRun = ctx.dryRun ? (obj: unknown): void => void writes.push(obj) : undefined;
      const clientsFor = (signal: AbortSignal | undefined): RunnerClients =>
        createRunnerClients(opts.kc, identity, { signal, callTimeoutMs: opts.callTimeoutMs, dryRun });
      const clients = clientsFor(ctx.signal);
      const before = ctx.dryRun ? await readBefore(clients, ref) : undefined;
      const readTarget = async (): Promise<Workload> => {
        const w = await readWorkload(clients.apps, ref);
        requireSelectorMatch(ctx, w.obj.metadata?.labels);
        return w;
      };
      const env: ActionEnv = {
        apps: clients.apps,
        core: clients.core,
        batch: clients.batch,
        request: clients.request,
        getJson: clients.getJson,
        ctx,
        now,
        readTarget,
        ...createFollowUps({ opts, pollIntervalMs, ctx, ref, clientsFor, errorContext }),
      };
      try {
        const outcome = await dispatch(request, env, {
          ...(opts.webhookPolicy ? { policy: opts.webhookPolicy } : {}),
          ...(opts.resolveHost ? { resolve: opts.resolveHost } : {}),
        });
        if (ctx.dryRun) {
          const { followUp: _none, ...rest } = outcome;
          const preview = buildPreview(request, outcome, before, writes);
          return { ...rest, summary: preview.summary, preview };
        }
        return outcome.followUp ? { ...outcome, followUpKey: followUpKey(ref) } : outcome;
      } catch (err) {
        throw mapKubeError(err, errorContext(ctx.signal));
      }
    },
  };
}
