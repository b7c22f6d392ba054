// Small probes the hardening e2e tests share: metric values and a namespace with workloads; workload probes live
// in test/support/workloads.ts.
import { createTestNamespace, deploymentManifest, getTestCluster } from '../../support/cluster.ts';
import { readMetric } from '../../support/controller-process.ts';
import { createRunner, type ChatRig } from '../../support/chat-harness.ts';

export { auditEvents, replicasOf, waitForAvailable, waitForReplicas } from '../../support/workloads.ts';

/** One sample of a Prometheus counter from the controller's /metrics (0 when absent). */
export async function metricValue(
  rig: ChatRig,
  name: string,
  labels: Record<string, string>,
): Promise<number> {
  return await readMetric(rig.controller.internalUrl, name, labels);
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
