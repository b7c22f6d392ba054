// A throwaway control plane for one benchmark: temp state dir, the CRD, and the controller's least-privilege identity.
import { renderRunnerObjects } from '../../src/actions/runner-rbac.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import {
  createControlPlane,
  issueClientCert,
  repoRoot,
  writeKubeconfig,
  type LocalControlPlane,
} from '../../tools/local-cluster/index.ts';

export const CONTROLLER_USER = 'kubetalk-controller';

export interface BenchCluster {
  readonly plane: LocalControlPlane;
  readonly stateDir: string;
  /** Admin client config. */
  readonly kc: k8s.KubeConfig;
  /** Kubeconfig file of the controller identity (test/fixtures/rbac/controller.yaml's ClusterRole). */
  readonly controllerKubeconfig: string;
  stop(): Promise<void>;
}

export async function startBenchCluster(
  name: string,
  opts: { minimal?: boolean } = {},
): Promise<BenchCluster> {
  const stateDir = mkdtempSync(join(tmpdir(), `kubetalk-bench-${name}-`));
  const plane = await createControlPlane(stateDir, (line) => console.error(`[cluster] ${line}`));
  // Never leave a control plane behind, whatever way the benchmark ends.
  process.once('exit', () => plane.killNow());
  await plane.start(opts.minimal === true ? { minimal: true } : {});
  plane.kubectl(['apply', '--server-side', '-f', join(repoRoot, 'crds')]);
  plane.kubectl(['wait', '--for=condition=Established', 'crd/chatcommands.kubetalk.io', '--timeout=60s']);
  plane.kubectl(['apply', '-f', join(repoRoot, 'test/fixtures/rbac/controller.yaml')]);
  const { cert, key } = issueClientCert(plane.pkiFiles, 'controller', CONTROLLER_USER, []);
  const controllerKubeconfig = writeKubeconfig(
    join(stateDir, 'controller.kubeconfig'),
    plane.cluster.server,
    plane.pkiFiles.caCert,
    { cert, key },
  );
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(plane.cluster.kubeconfig);
  return {
    plane,
    stateDir,
    kc,
    controllerKubeconfig,
    stop: () => plane.stop(),
  };
}

/** The runner ServiceAccount of a namespace with the Role the actions need (as the chart's runner template). */
export function runnerManifests(namespace: string): object[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
    ...renderRunnerObjects(namespace),
  ];
}

/** kubectl apply of plain objects (one JSON document per line). */
export function applyObjects(plane: LocalControlPlane, objects: readonly object[]): void {
  plane.kubectl(['apply', '-f', '-'], objects.map((o) => JSON.stringify(o)).join('\n'));
}

export function deployment(name: string, namespace: string, replicas: number, container = 'app'): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: container, image: `registry.example/${name}:1` }] },
      },
    },
  };
}

export function chatCommand(namespace: string, name: string, spec: Record<string, unknown>): object {
  return { apiVersion: 'kubetalk.io/v1alpha1', kind: 'ChatCommand', metadata: { name, namespace }, spec };
}
