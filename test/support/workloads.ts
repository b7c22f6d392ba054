// Probes e2e tests share about workloads and audit Events: replica counts, availability, Events on a ChatCommand.
import type * as k8s from '@kubernetes/client-node';
import { eventually, getTestCluster } from './cluster.ts';

export async function replicasOf(namespace: string, name: string): Promise<number | undefined> {
  return (await getTestCluster().apps.readNamespacedDeployment({ name, namespace })).spec?.replicas;
}

export async function waitForReplicas(namespace: string, name: string, n: number): Promise<void> {
  await eventually(`${namespace}/${name} replicas ${n}`, async () =>
    (await replicasOf(namespace, name)) === n ? true : undefined,
  );
}

/** Waits until the Deployment's current generation has every replica updated and available (pods serve logs). */
export async function waitForAvailable(namespace: string, name: string, n: number): Promise<void> {
  await eventually(`${namespace}/${name} available ${n}`, async () => {
    const d = await getTestCluster().apps.readNamespacedDeployment({ name, namespace });
    const s = d.status;
    return s?.observedGeneration === d.metadata?.generation &&
      s?.availableReplicas === n &&
      s?.updatedReplicas === n &&
      (s?.replicas ?? 0) === n
      ? true
      : undefined;
  });
}

/** The audit Events kubetalk recorded on one ChatCommand. */
export async function auditEvents(namespace: string, command: string): Promise<k8s.CoreV1Event[]> {
  const list = await getTestCluster().core.listNamespacedEvent({
    namespace,
    fieldSelector: `involvedObject.name=${command},involvedObject.kind=ChatCommand`,
  });
  return list.items;
}
