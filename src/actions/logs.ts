// `logs`: recent log lines of a workload's newest pods, one block per pod, never more than the byte budget.
import type { V1Pod } from '@kubernetes/client-node';
import { UserFacingError } from '../errors.ts';
import { clipReason } from './explain-api-error.ts';
import { readApiStatus } from '../kube/api-status.ts';
import type { ActionEnv } from './action-env.ts';
import { formatLabelSelector } from './label-selector.ts';
import {
  cutAtBytes,
  listContainerNames,
  MAX_LOG_PODS,
  pickContainer,
  pickNewestPods,
  splitByteBudget,
} from './log-plan.ts';
import type { ActionOutcome, ActionRequest, OutcomeBlock } from './types.ts';
import { isControlledBy } from './revisions.ts';
import { targetParams, type Workload } from './workloads.ts';

type LogsRequest = Extract<ActionRequest, { type: 'logs' }>;

function checkRequest(req: LogsRequest): void {
  const positive = (n: number): boolean => Number.isSafeInteger(n) && n > 0;
  const bad =
    !positive(req.tailLines) ||
    !positive(req.maxBytes) ||
    (req.sinceSeconds !== undefined && !positive(req.sinceSeconds));
  if (bad)
    throw new UserFacingError('action.logs.invalid-options', {
      tailLines: req.tailLines,
      maxBytes: req.maxBytes,
      sinceSeconds: req.sinceSeconds ?? '-',
    });
}

/** Errors that concern one pod only (not started yet, no previous container, gone): a note in its block, not a failure. */
function podProblem(err: unknown): string | undefined {
  const s = readApiStatus(err);
  if (s?.code !== 400 && s?.code !== 404) return undefined;
  return clipReason(s.message || s.reason);
}

async function readPodLog(
  env: ActionEnv,
  req: LogsRequest,
  pod: string,
  container: string,
  limitBytes: number,
): Promise<OutcomeBlock> {
  try {
    const raw = await env.core.readNamespacedPodLog({
      name: pod,
      namespace: env.ctx.target.namespace,
      container,
      tailLines: req.tailLines,
      previous: req.previous,
      // One byte more than the share, so that "cut" is certain rather than guessed.
      limitBytes: limitBytes + 1,
      ...(req.sinceSeconds !== undefined ? { sinceSeconds: req.sinceSeconds } : {}),
    });
    const { text, cut } = cutAtBytes(raw, limitBytes);
    const trimmed = text.replace(/\n$/, '');
    if (trimmed === '')
      return { heading: { key: 'action.logs.pod-empty', params: { pod, container } }, text: '' };
    const key = cut ? 'action.logs.pod-cut' : 'action.logs.pod';
    return { heading: { key, params: { pod, container, bytes: limitBytes } }, text: trimmed };
  } catch (err) {
    const problem = podProblem(err);
    if (problem === undefined) throw err;
    return { heading: { key: 'action.logs.pod-unavailable', params: { pod, container } }, text: problem };
  }
}

function describeContainers(pod: V1Pod): string {
  const { containers, initContainers } = listContainerNames(pod);
  return initContainers.length > 0
    ? `${containers.join(', ')} (init: ${initContainers.join(', ')})`
    : containers.join(', ');
}

export async function keepOwnedPods(env: ActionEnv, w: Workload, pods: readonly V1Pod[]): Promise<V1Pod[]> {
  const uid = w.obj.metadata?.uid;
  if (w.kind !== 'Deployment') return pods.filter((p) => isControlledBy(p.metadata, uid));
  const sets = await env.apps.listNamespacedReplicaSet({
    namespace: env.ctx.target.namespace,
    labelSelector: formatLabelSelector(w.obj.spec?.selector ?? {}),
  });
  const owners = new Set(
    sets.items.filter((rs) => isControlledBy(rs.metadata, uid)).map((rs) => rs.metadata?.uid),
  );
  return pods.filter((p) =>
    (p.metadata?.ownerReferences ?? []).some((o) => o.controller === true && owners.has(o.uid)),
  );
}

export async function runLogs(req: LogsRequest, env: ActionEnv): Promise<ActionOutcome> {
  checkRequest(req);
  const ref = env.ctx.target;
  const w = await env.readTarget();
  const selector = w.obj.spec?.selector;
  // A workload without a selector cannot own pods; listing the whole namespace instead would show strangers' logs.
  if (!selector) return { ok: true, summary: { key: 'action.logs.no-pods', params: targetParams(ref) } };
  const list = await env.core.listNamespacedPod({
    namespace: ref.namespace,
    labelSelector: formatLabelSelector(selector),
  });
  // The selector alone could match pods of other workloads (a Job or a Deployment sharing `app: shop`): keep only
  // pods this workload controls, directly or through one of its ReplicaSets.
  const all = await keepOwnedPods(env, w, list.items);
  if (all.length === 0)
    return { ok: true, summary: { key: 'action.logs.no-pods', params: targetParams(ref) } };
  const pods = pickNewestPods(all, MAX_LOG_PODS);
  const plan = pods.map((pod) => ({ pod, container: pickContainer(pod, req.container) }));
  if (req.container !== undefined && plan.every((p) => p.container === undefined)) {
    const newest = pods[0] as V1Pod;
    throw new UserFacingError('action.logs.container-not-found', {
      container: req.container,
      pod: newest.metadata?.name ?? '',
      containers: describeContainers(newest),
    });
  }
  const share = splitByteBudget(req.maxBytes, pods.length);
  const blocks = await Promise.all(
    plan.map(async ({ pod, container }): Promise<OutcomeBlock> => {
      const name = pod.metadata?.name ?? '';
      if (container === undefined) {
        return {
          heading: {
            key: 'action.logs.pod-missing-container',
            params: { pod: name, container: req.container ?? '' },
          },
          text: describeContainers(pod),
        };
      }
      return await readPodLog(env, req, name, container, share);
    }),
  );
  const params = { ...targetParams(ref), shown: pods.length, total: all.length };
  const key = all.length > pods.length ? 'action.logs.summary-more' : 'action.logs.summary';
  return { ok: true, summary: { key, params }, blocks };
}
