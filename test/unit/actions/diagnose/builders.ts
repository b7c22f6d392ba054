// Plain-object builders for diagnose tests: pods, events and workloads as the API server would return them.
import type { CoreV1Event, V1ContainerStatus, V1Deployment, V1Pod, V1PodSpec } from '@kubernetes/client-node';
import type { Snapshot } from '../../../../src/actions/diagnose/types.ts';

/** Fields a test may clear with `undefined` (an event without lastTimestamp, a pod without nodeName). */
type Loose<T> = { [K in keyof T]?: T[K] | undefined };

export const NOW = new Date('2026-12-05T12:00:00Z');
export const ago = (seconds: number): Date => new Date(NOW.getTime() - seconds * 1000);

export function pod(
  name: string,
  over: { status?: V1Pod['status']; spec?: Loose<NonNullable<V1Pod['spec']>> } = {},
): V1Pod {
  return {
    metadata: { name, namespace: 'shop', uid: `uid-${name}`, creationTimestamp: ago(600) },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'registry.example/web:1',
          resources: { limits: { memory: '128Mi' }, requests: { cpu: '100m' } },
        },
      ],
      nodeName: 'node-1',
      ...over.spec,
    } as V1PodSpec,
    status: over.status ?? { phase: 'Running', containerStatuses: [running('app')] },
  };
}

export function running(name: string, over: Partial<V1ContainerStatus> = {}): V1ContainerStatus {
  return {
    name,
    image: 'x',
    imageID: '',
    ready: true,
    restartCount: 0,
    state: { running: { startedAt: ago(300) } },
    ...over,
  };
}

export function waiting(
  name: string,
  reason: string,
  message = '',
  over: Partial<V1ContainerStatus> = {},
): V1ContainerStatus {
  return {
    name,
    image: 'x',
    imageID: '',
    ready: false,
    restartCount: 0,
    state: { waiting: { reason, message } },
    ...over,
  };
}

export function event(
  object: { kind: string; name: string; uid?: string },
  reason: string,
  message: string,
  over: Loose<CoreV1Event> = {},
): CoreV1Event {
  return {
    metadata: { name: `${object.name}.${reason}.${Math.random().toString(36).slice(2)}`, namespace: 'shop' },
    involvedObject: { kind: object.kind, name: object.name, ...(object.uid ? { uid: object.uid } : {}) },
    reason,
    message,
    type: 'Warning',
    lastTimestamp: ago(60),
    ...over,
  } as CoreV1Event;
}

export const podRef = (name: string): { kind: string; name: string; uid: string } => ({
  kind: 'Pod',
  name,
  uid: `uid-${name}`,
});

export function deployment(
  over: Partial<V1Deployment['status']> = {},
  spec: Partial<NonNullable<V1Deployment['spec']>> = {},
): V1Deployment {
  return {
    metadata: {
      name: 'web',
      namespace: 'shop',
      uid: 'uid-web',
      annotations: { 'deployment.kubernetes.io/revision': '2' },
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'app', image: 'registry.example/web:1' }] },
      },
      ...spec,
    },
    status: {
      replicas: 2,
      readyReplicas: 2,
      updatedReplicas: 2,
      availableReplicas: 2,
      observedGeneration: 1,
      ...over,
    },
  };
}

export function snapshot(over: Partial<Snapshot> = {}): Snapshot {
  return {
    now: NOW,
    workload: { kind: 'Deployment', obj: deployment() },
    replicaSets: { ok: true, value: [] },
    pods: { ok: true, value: [pod('web-1'), pod('web-2')] },
    events: { ok: true, value: [] },
    services: { ok: true, value: [] },
    ...over,
  };
}
