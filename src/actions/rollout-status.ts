// Rollout status computed from a workload object exactly as `kubectl rollout status` decides it (pure).
import type { V1DaemonSet, V1Deployment, V1StatefulSet } from '@kubernetes/client-node';
import type { UserMessage } from '../errors.ts';
import { targetParams, type Workload } from './workloads.ts';

export interface RolloutCounts {
  readonly desired: number;
  readonly updated: number;
  /** available replicas for Deployments and DaemonSets, ready replicas for StatefulSets (what kubectl waits for). */
  readonly ready: number;
}

export interface RolloutStatus {
  readonly done: boolean;
  /** Waiting cannot help: the progress deadline passed, or the update strategy has no rollout to follow. */
  readonly failed: boolean;
  readonly message: UserMessage;
  readonly counts: RolloutCounts;
}

type Params = Record<string, string | number>;

function refParams(w: Workload): Params {
  return targetParams({
    kind: w.kind,
    name: w.obj.metadata?.name ?? '',
    namespace: w.obj.metadata?.namespace ?? '',
  });
}

function make(
  w: Workload,
  state: 'done' | 'waiting' | 'failed',
  key: string,
  counts: RolloutCounts,
  extra: Params = {},
): RolloutStatus {
  return {
    done: state === 'done',
    failed: state === 'failed',
    message: { key: `action.rollout.${key}`, params: { ...refParams(w), ...counts, ...extra } },
    counts,
  };
}

function deploymentStatus(w: Workload, d: V1Deployment): RolloutStatus {
  const st = d.status ?? {};
  const desired = d.spec?.replicas ?? 1;
  const updated = st.updatedReplicas ?? 0;
  const counts = { desired, updated, ready: st.availableReplicas ?? 0 };
  if ((d.metadata?.generation ?? 0) > (st.observedGeneration ?? 0))
    return make(w, 'waiting', 'waiting-observed', counts);
  const progressing = st.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded')
    return make(w, 'failed', 'progress-deadline', counts);
  if (d.spec?.replicas !== undefined && updated < desired)
    return make(w, 'waiting', 'waiting-updated', counts);
  const replicas = st.replicas ?? 0;
  if (replicas > updated) return make(w, 'waiting', 'waiting-old', counts, { old: replicas - updated });
  if (counts.ready < updated) return make(w, 'waiting', 'waiting-available', counts, { of: updated });
  return make(w, 'done', 'complete', counts);
}

function daemonSetStatus(w: Workload, ds: V1DaemonSet): RolloutStatus {
  const st = ds.status;
  const counts = {
    desired: st?.desiredNumberScheduled ?? 0,
    updated: st?.updatedNumberScheduled ?? 0,
    ready: st?.numberAvailable ?? 0,
  };
  const strategy = ds.spec?.updateStrategy?.type ?? 'RollingUpdate';
  if (strategy !== 'RollingUpdate') return make(w, 'failed', 'unsupported-strategy', counts, { strategy });
  if ((ds.metadata?.generation ?? 0) > (st?.observedGeneration ?? 0))
    return make(w, 'waiting', 'waiting-observed', counts);
  if (counts.updated < counts.desired) return make(w, 'waiting', 'waiting-updated', counts);
  if (counts.ready < counts.desired)
    return make(w, 'waiting', 'waiting-available', counts, { of: counts.desired });
  return make(w, 'done', 'complete', counts);
}

function statefulSetStatus(w: Workload, sts: V1StatefulSet): RolloutStatus {
  const st = sts.status;
  const replicas = sts.spec?.replicas;
  const counts = { desired: replicas ?? 1, updated: st?.updatedReplicas ?? 0, ready: st?.readyReplicas ?? 0 };
  const strategy = sts.spec?.updateStrategy?.type ?? 'RollingUpdate';
  if (strategy !== 'RollingUpdate') return make(w, 'failed', 'unsupported-strategy', counts, { strategy });
  const observed = st?.observedGeneration ?? 0;
  if (observed === 0 || (sts.metadata?.generation ?? 0) > observed)
    return make(w, 'waiting', 'waiting-observed', counts);
  if (replicas !== undefined && counts.ready < replicas)
    return make(w, 'waiting', 'waiting-ready', counts, { waiting: replicas - counts.ready });
  const rolling = sts.spec?.updateStrategy?.rollingUpdate;
  if (rolling) {
    const partition = rolling.partition;
    if (replicas !== undefined && partition !== undefined && counts.updated < replicas - partition) {
      return make(w, 'waiting', 'waiting-partition', { ...counts, desired: replicas - partition });
    }
    return make(w, 'done', 'complete', counts);
  }
  if (st?.updateRevision !== st?.currentRevision) {
    return make(w, 'waiting', 'waiting-revision', counts, { revision: st?.updateRevision ?? '' });
  }
  return make(w, 'done', 'complete', counts);
}

export function computeRolloutStatus(w: Workload): RolloutStatus {
  switch (w.kind) {
    case 'Deployment':
      return deploymentStatus(w, w.obj);
    case 'DaemonSet':
      return daemonSetStatus(w, w.obj);
    case 'StatefulSet':
      return statefulSetStatus(w, w.obj);
  }
}
