// Workload-level checks: rollout conditions, pause, the current ReplicaSet's ReplicaFailure, FailedCreate events.
import type { CoreV1Event, V1ReplicaSet } from '@kubernetes/client-node';
import { formatEvent, oneLine, selectEvents } from './event-time.ts';
import { classifySignals, type Signal } from './rules.ts';
import type { DiagnosedWorkload, Finding, Report } from './types.ts';

const REVISION = 'deployment.kubernetes.io/revision';

export function countReplicas(w: DiagnosedWorkload): Report['replicas'] {
  if (w.kind === 'DaemonSet') {
    const s = w.obj.status;
    return {
      desired: s?.desiredNumberScheduled ?? 0,
      ready: s?.numberReady ?? 0,
      updated: s?.updatedNumberScheduled ?? 0,
      available: s?.numberAvailable ?? 0,
    };
  }
  const s = w.obj.status;
  return {
    desired: w.obj.spec?.replicas ?? 1,
    ready: s?.readyReplicas ?? 0,
    updated: s?.updatedReplicas ?? 0,
    available: s?.availableReplicas ?? 0,
  };
}

/** The ReplicaSet of the Deployment's current revision (the one a rollout is creating pods for). */
export function findCurrentReplicaSet(
  w: DiagnosedWorkload,
  sets: readonly V1ReplicaSet[],
): V1ReplicaSet | undefined {
  const revision = w.obj.metadata?.annotations?.[REVISION];
  return sets.find((rs) => revision !== undefined && rs.metadata?.annotations?.[REVISION] === revision);
}

export function checkRollout(w: DiagnosedWorkload): Finding[] {
  if (w.kind !== 'Deployment') return [];
  const out: Finding[] = [];
  const replicas = countReplicas(w);
  const progressing = w.obj.status?.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.status === 'False' && progressing.reason === 'ProgressDeadlineExceeded') {
    out.push({
      cause: 'progress-deadline',
      stage: 'rollout',
      params: {
        updated: replicas.updated,
        desired: replicas.desired,
        seconds: w.obj.spec?.progressDeadlineSeconds ?? 600,
      },
      pods: [],
      evidence: [oneLine(`Progressing=False ProgressDeadlineExceeded: ${progressing.message ?? ''}`)],
    });
  }
  if (w.obj.spec?.paused === true) {
    out.push({
      cause: 'rollout-paused',
      stage: 'rollout',
      params: {},
      pods: [],
      evidence: ['spec.paused: true'],
    });
  }
  return out;
}

/**
 * Pods that can never be created (quota, PodSecurity, admission webhooks): the current ReplicaSet's ReplicaFailure
 * condition and the FailedCreate events of the object that creates the pods (that ReplicaSet, or the StatefulSet or
 * DaemonSet itself).
 */
export function checkReplicaFailure(
  w: DiagnosedWorkload,
  current: V1ReplicaSet | undefined,
  events: readonly CoreV1Event[],
  now: Date,
): Finding[] {
  const creator = w.kind === 'Deployment' ? current?.metadata : w.obj.metadata;
  if (!creator?.name) return [];
  const kind = w.kind === 'Deployment' ? 'ReplicaSet' : w.kind;
  const own = selectEvents(events, { kind, name: creator.name, uid: creator.uid }).filter(
    (e) => e.reason === 'FailedCreate',
  );
  const signals: Signal[] = own.map((e) => ({
    source: 'replica-failure',
    reason: 'FailedCreate',
    message: e.message ?? '',
  }));
  const cond = current?.status?.conditions?.find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
  if (cond) signals.push({ source: 'replica-failure', reason: 'FailedCreate', message: cond.message ?? '' });
  const hit = classifySignals('replica-failure', signals);
  if (!hit) return [];
  const evidence = [
    ...(cond
      ? [oneLine(`${kind} ${creator.name}: ReplicaFailure ${cond.reason ?? ''}: ${cond.message ?? ''}`)]
      : []),
    ...own.slice(0, 2).map((e) => formatEvent(e, now)),
  ];
  return [
    {
      cause: hit.rule.id,
      stage: 'replica-failure',
      params: { ...hit.groups, creator: `${kind.toLowerCase()}/${creator.name}` },
      pods: [],
      evidence,
    },
  ];
}
