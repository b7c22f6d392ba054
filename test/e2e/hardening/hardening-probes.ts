// Small probes the hardening e2e tests share: metric values, replica counts, audit Events, a namespace with a workload.
import type * as k8s from '@kubernetes/client-node';
import {
  createTestNamespace,
  deploymentManifest,
  eventually,
  getTestCluster,
} from '../../support/cluster.ts';
import { createRunner, type ChatRig } from '../../support/chat-harness.ts';

/** One sample of a Prometheus counter from the controller's /metrics (0 when absent). */
export async function metricValue(
  rig: ChatRig,
  name: string,
  labels: Record<string, string>,
): Promise<number> {
  const text = await (await fetch(`${rig.controller.internalUrl}/metrics`)).text();
  const want = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${want}} `));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

export async function replicasOf(namespace: string, name: string): Promise<number | undefined> {
  return (await getTestCluster().apps.readNamespacedDeployment({ name, namespace })).spec?.replicas;
}

export async function waitForReplicas(namespace: string, name: string, n: number): Promise<void> {
  await eventually(`${namespace}/${name} replicas ${n}`, async () =>
    (await replicasOf(namespace, name)) === n ? true : undefined,
  );
}

/** Waits until every replica of the Deployment is up (pods exist, so kwok serves their logs). */
export async function waitForAvailable(namespace: string, name: string, n: number): Promise<void> {
  await eventually(`${namespace}/${name} available ${n}`, async () => {
    const d = await getTestCluster().apps.readNamespacedDeployment({ name, namespace });
    return d.status?.availableReplicas === n && d.status.updatedReplicas === n ? true : undefined;
  });
}

export async function auditEvents(namespace: string, command: string): Promise<k8s.CoreV1Event[]> {
  const list = await getTestCluster().core.listNamespacedEvent({
    namespace,
    fieldSelector: `involvedObject.name=${command},involvedObject.kind=ChatCommand`,
  });
  return list.items;
}

/** A fresh namespace with the runner and the given Deployments (2 replicas each). */
export async function namespaceWithDeployments(prefix: string, names: readonly string[]): Promise<string> {
  const ns = await createTestNamespace(prefix);
  createRunner(ns);
  for (const name of names) {
    await getTestCluster().apps.createNamespacedDeployment({
      namespace: ns,
      body: deploymentManifest(name, ns, 2),
    });
  }
  return ns;
}

/** Resolves `ms` later; for giving the controller time to (not) do something before checking it did not. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
