// `scale`: sets a Deployment's or StatefulSet's replicas through the scale subresource, within the command's bounds.
import { PatchStrategy, setHeaderOptions, type AppsV1Api } from '@kubernetes/client-node';
import { UserFacingError } from '../errors.ts';
import { isConflict, readApiStatus } from '../kube/api-status.ts';
import { retryOnConflict } from '../kube/retry-on-conflict.ts';
import type { ActionEnv } from './action-env.ts';
import type { ActionOutcome, ActionRequest, WorkloadRef } from './types.ts';
import { targetParams } from './workloads.ts';

type ScaleRequest = Extract<ActionRequest, { type: 'scale' }>;
type ScalableRef = WorkloadRef & { readonly kind: 'Deployment' | 'StatefulSet' };

/** Someone else changed the replicas between our read and our write: read again and retry. */
class ReplicasMoved extends Error {}

async function readReplicas(apps: AppsV1Api, ref: ScalableRef): Promise<number> {
  const { name, namespace } = ref;
  const scale =
    ref.kind === 'Deployment'
      ? await apps.readNamespacedDeploymentScale({ name, namespace })
      : await apps.readNamespacedStatefulSetScale({ name, namespace });
  return scale.spec?.replicas ?? 0;
}

/**
 * A JSON patch that writes `to` only if the replicas are still `from`. Its precondition is the replicas alone,
 * not the object's resourceVersion: the workload controller rewrites status many times a second during a rollout,
 * and a resourceVersion precondition lost that race again and again. The Scale's JSON omits `replicas: 0`, so
 * "still 0" is tested as an empty spec.
 */
export function buildScalePatch(from: number, to: number): object[] {
  const test =
    from === 0
      ? { op: 'test', path: '/spec', value: {} }
      : { op: 'test', path: '/spec/replicas', value: from };
  return [test, { op: 'add', path: '/spec/replicas', value: to }];
}

async function patchReplicas(apps: AppsV1Api, ref: ScalableRef, from: number, to: number): Promise<void> {
  const { name, namespace } = ref;
  const body = buildScalePatch(from, to);
  const opts = setHeaderOptions('Content-Type', PatchStrategy.JsonPatch);
  try {
    if (ref.kind === 'Deployment') await apps.patchNamespacedDeploymentScale({ name, namespace, body }, opts);
    else await apps.patchNamespacedStatefulSetScale({ name, namespace, body }, opts);
  } catch (err) {
    // A failed JSON-patch test is a bare 422 "Invalid" with no detail; only a second read tells it apart from a
    // value the API server refuses.
    if (readApiStatus(err)?.code === 422 && (await readReplicas(apps, ref)) !== from)
      throw new ReplicasMoved();
    throw err;
  }
}

function checkBounds(req: ScaleRequest, ref: WorkloadRef): void {
  const params = { ...targetParams(ref), replicas: req.replicas, min: req.minReplicas, max: req.maxReplicas };
  if (!Number.isSafeInteger(req.replicas) || req.replicas < 0)
    throw new UserFacingError('action.scale.invalid-replicas', params);
  if (req.replicas < req.minReplicas || req.replicas > req.maxReplicas)
    throw new UserFacingError('action.scale.out-of-bounds', params);
}

export async function runScale(req: ScaleRequest, env: ActionEnv): Promise<ActionOutcome> {
  const target = env.ctx.target;
  if (target.kind === 'DaemonSet' || target.kind === 'CronJob')
    throw new UserFacingError('action.scale.unsupported-kind', targetParams(target));
  const ref: ScalableRef = { ...target, kind: target.kind };
  // Bounds first: an out-of-range request must not even reach the API server.
  checkBounds(req, ref);
  if (env.ctx.selector) await env.readTarget();
  const attempt = async (): Promise<ActionOutcome> => {
    const from = await readReplicas(env.apps, ref);
    const params = { ...targetParams(ref), from, to: req.replicas };
    if (from === req.replicas) return { ok: true, summary: { key: 'action.scale.unchanged', params } };
    await patchReplicas(env.apps, ref, from, req.replicas);
    return { ok: true, summary: { key: 'action.scale.done', params } };
  };
  try {
    return await retryOnConflict(attempt, {
      isRetryable: (e) => e instanceof ReplicasMoved || isConflict(e),
    });
  } catch (err) {
    if (err instanceof ReplicasMoved)
      throw new UserFacingError('action.conflict', { kind: targetParams(ref).kind, name: ref.name });
    throw err;
  }
}
