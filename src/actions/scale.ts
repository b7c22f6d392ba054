// `scale`: sets a Deployment's or StatefulSet's replicas through the scale subresource, within the command's bounds.
import { PatchStrategy, setHeaderOptions, type AppsV1Api, type V1Scale } from '@kubernetes/client-node';
import { UserFacingError } from '../errors.ts';
import { retryOnConflict } from '../kube/retry-on-conflict.ts';
import type { ActionEnv } from './action-env.ts';
import type { ActionOutcome, ActionRequest, WorkloadRef } from './types.ts';
import { targetParams } from './workloads.ts';

type ScaleRequest = Extract<ActionRequest, { type: 'scale' }>;
type ScalableRef = WorkloadRef & { readonly kind: 'Deployment' | 'StatefulSet' };

async function readScale(apps: AppsV1Api, ref: ScalableRef): Promise<V1Scale> {
  const { name, namespace } = ref;
  return ref.kind === 'Deployment'
    ? await apps.readNamespacedDeploymentScale({ name, namespace })
    : await apps.readNamespacedStatefulSetScale({ name, namespace });
}

/** A JSON merge patch carrying the resourceVersion that was read: the API server answers 409 if it changed since. */
async function patchScale(
  apps: AppsV1Api,
  ref: ScalableRef,
  resourceVersion: string | undefined,
  replicas: number,
): Promise<void> {
  const { name, namespace } = ref;
  const body = { metadata: resourceVersion ? { resourceVersion } : {}, spec: { replicas } };
  const opts = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  if (ref.kind === 'Deployment') await apps.patchNamespacedDeploymentScale({ name, namespace, body }, opts);
  else await apps.patchNamespacedStatefulSetScale({ name, namespace, body }, opts);
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
  if (target.kind === 'DaemonSet')
    throw new UserFacingError('action.scale.unsupported-kind', targetParams(target));
  const ref: ScalableRef = { ...target, kind: target.kind };
  // Bounds first: an out-of-range request must not even reach the API server.
  checkBounds(req, ref);
  if (env.ctx.selector) await env.readTarget();
  return await retryOnConflict(async () => {
    const scale = await readScale(env.apps, ref);
    const from = scale.spec?.replicas ?? 0;
    const params = { ...targetParams(ref), from, to: req.replicas };
    if (from === req.replicas) return { ok: true, summary: { key: 'action.scale.unchanged', params } };
    await patchScale(env.apps, ref, scale.metadata?.resourceVersion, req.replicas);
    return { ok: true, summary: { key: 'action.scale.done', params } };
  });
}
