// Test-side access to the e2e control plane: admin clients, per-test namespaces, and the apiserver switch.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import * as k8s from '@kubernetes/client-node';
import { LocalControlPlane, readClusterState, type ClusterState } from '../../tools/local-cluster/index.ts';
import { locateBinaries } from '../../tools/local-cluster/binaries.ts';

export function clusterUnavailableReason(): string {
  return inject('clusterUnavailable');
}

export interface TestCluster {
  readonly state: ClusterState;
  readonly plane: LocalControlPlane;
  readonly kc: k8s.KubeConfig;
  readonly core: k8s.CoreV1Api;
  readonly apps: k8s.AppsV1Api;
}

let cached: TestCluster | undefined;

export function getTestCluster(): TestCluster {
  if (cached) return cached;
  const stateDir = inject('clusterStateDir');
  const state = readClusterState(stateDir);
  if (!state) throw new Error(`no control plane state in ${stateDir}`);
  const plane = new LocalControlPlane({ stateDir, binaries: locateBinaries().binaries });
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(state.kubeconfig);
  cached = { state, plane, kc, core: kc.makeApiClient(k8s.CoreV1Api), apps: kc.makeApiClient(k8s.AppsV1Api) };
  return cached;
}

/** A fresh namespace per test, so tests never see each other's objects. */
export async function createTestNamespace(prefix = 't'): Promise<string> {
  const { core } = getTestCluster();
  const name = `${prefix}-${randomBytes(4).toString('hex')}`;
  await core.createNamespace({ body: { metadata: { name, labels: { 'kubetalk.io/test': 'true' } } } });
  return name;
}

export async function deleteTestNamespace(name: string): Promise<void> {
  const { core } = getTestCluster();
  await core.deleteNamespace({ name }).catch(() => undefined);
}

/** Polls until `check` returns a value other than undefined. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `timed out waiting for ${what}${lastError instanceof Error ? `: ${lastError.message}` : ''}`,
  );
}

export function deploymentManifest(
  name: string,
  namespace: string,
  replicas: number,
  containers = ['app'],
): k8s.V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: containers.map((c) => ({ name: c, image: `registry.example/${name}:1` })) },
      },
    },
  };
}
