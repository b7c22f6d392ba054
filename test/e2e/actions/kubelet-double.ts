// What a kubelet would write that kwok cannot: container states (image pull, config, crashes, probes) and events.
//
// kwok marks every pod Running and Ready once (its pod-ready stage selects pods without a podIP) and never looks
// at it again, so a status written afterwards stays. These helpers write status and events exactly in the shape
// the kubelet uses (reason, message, source component), so diagnose reads what it would read on a real node.
import type * as k8s from '@kubernetes/client-node';
import { eventually, getTestCluster } from '../../support/cluster.ts';

/** Waits until kwok ran the workload's pods (Running, with a podIP), and returns them. */
export async function waitForKwokPods(namespace: string, app: string, count: number): Promise<k8s.V1Pod[]> {
  const { core } = getTestCluster();
  return await eventually(`${count} running pods of ${app}`, async () => {
    const list = await core.listNamespacedPod({ namespace, labelSelector: `app=${app}` });
    const ready = list.items.filter((p) => p.status?.phase === 'Running' && p.status.podIP);
    return ready.length === count && list.items.length === count ? ready : undefined;
  });
}

type StatusChange = (pod: k8s.V1Pod) => k8s.V1PodStatus;

/** Replaces the pod's status as the kubelet does (status subresource), retrying on a conflict. */
export async function writeKubeletStatus(
  namespace: string,
  name: string,
  change: StatusChange,
): Promise<void> {
  const { core } = getTestCluster();
  await eventually(`status of ${name} written`, async () => {
    const pod = await core.readNamespacedPod({ name, namespace });
    await core.replaceNamespacedPodStatus({ name, namespace, body: { ...pod, status: change(pod) } });
    return true;
  });
}

const condition = (type: string, status: 'True' | 'False', reason?: string): k8s.V1PodCondition => ({
  type,
  status,
  lastTransitionTime: new Date(),
  ...(reason ? { reason } : {}),
});

/** A pod whose only container is in `state`, not ready; phase as the kubelet reports it. */
export function notReadyStatus(
  pod: k8s.V1Pod,
  phase: 'Pending' | 'Running',
  container: Partial<k8s.V1ContainerStatus>,
): k8s.V1PodStatus {
  const name = pod.spec?.containers[0]?.name ?? 'app';
  return {
    ...pod.status,
    phase,
    conditions: [
      condition('PodScheduled', 'True'),
      condition('Initialized', 'True'),
      condition('Ready', 'False', 'ContainersNotReady'),
      condition('ContainersReady', 'False', 'ContainersNotReady'),
    ],
    containerStatuses: [
      {
        name,
        image: pod.spec?.containers[0]?.image ?? '',
        imageID: '',
        ready: false,
        restartCount: 0,
        started: false,
        ...container,
      },
    ],
  };
}

/** Records an event about a pod as the kubelet on its node would. */
export async function recordKubeletEvent(
  pod: k8s.V1Pod,
  reason: string,
  message: string,
  opts: { type?: 'Warning' | 'Normal'; count?: number } = {},
): Promise<void> {
  const { core } = getTestCluster();
  const namespace = pod.metadata?.namespace ?? '';
  const now = new Date();
  await core.createNamespacedEvent({
    namespace,
    body: {
      metadata: { generateName: `${pod.metadata?.name ?? 'pod'}.`, namespace },
      involvedObject: {
        apiVersion: 'v1',
        kind: 'Pod',
        name: pod.metadata?.name ?? '',
        namespace,
        uid: pod.metadata?.uid ?? '',
        fieldPath: 'spec.containers{app}',
      },
      reason,
      message,
      type: opts.type ?? 'Warning',
      count: opts.count ?? 1,
      firstTimestamp: now,
      lastTimestamp: now,
      source: { component: 'kubelet', host: pod.spec?.nodeName ?? '' },
    },
  });
}
