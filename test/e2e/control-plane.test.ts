// Proves the local control plane is a real one: rollouts, scaling, logs, helm, and API server restarts.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControlPlane, repoRoot, type LocalControlPlane } from '../../tools/local-cluster/index.ts';
import {
  clusterUnavailableReason,
  createTestNamespace,
  deleteTestNamespace,
  deploymentManifest,
  eventually,
  getTestCluster,
} from '../support/cluster.ts';

const skip = clusterUnavailableReason() !== '';

async function waitAvailable(
  apps: k8s.AppsV1Api,
  name: string,
  namespace: string,
  replicas: number,
): Promise<k8s.V1Deployment> {
  return await eventually(`${namespace}/${name} available=${replicas}`, async () => {
    const d = await apps.readNamespacedDeployment({ name, namespace });
    const st = d.status;
    const done =
      st?.observedGeneration === d.metadata?.generation &&
      st?.updatedReplicas === replicas &&
      st?.availableReplicas === replicas &&
      (st?.replicas ?? 0) === replicas;
    return done ? d : undefined;
  });
}

async function podsOf(core: k8s.CoreV1Api, namespace: string, app: string): Promise<k8s.V1Pod[]> {
  const list = await core.listNamespacedPod({ namespace, labelSelector: `app=${app}` });
  return list.items.filter((p) => !p.metadata?.deletionTimestamp);
}

describe.skipIf(skip)('local control plane', () => {
  let ns = '';
  beforeAll(async () => {
    ns = await createTestNamespace('cp');
  });
  afterAll(async () => {
    await deleteTestNamespace(ns);
  });

  it('runs a Deployment to availableReplicas on kwok nodes', async () => {
    const { apps, core } = getTestCluster();
    await apps.createNamespacedDeployment({ namespace: ns, body: deploymentManifest('web', ns, 3) });
    await waitAvailable(apps, 'web', ns, 3);
    const pods = await podsOf(core, ns, 'web');
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.spec?.nodeName).toMatch(/^kwok-node-/);
      expect(p.status?.phase).toBe('Running');
    }
  });

  it('scales through the scale subresource and the pods follow', async () => {
    const { apps, core } = getTestCluster();
    await apps.createNamespacedDeployment({ namespace: ns, body: deploymentManifest('scaler', ns, 1) });
    await waitAvailable(apps, 'scaler', ns, 1);
    const before = await apps.readNamespacedDeploymentScale({ name: 'scaler', namespace: ns });
    expect(before.spec?.replicas).toBe(1);
    await apps.patchNamespacedDeploymentScale(
      { name: 'scaler', namespace: ns, body: { spec: { replicas: 4 } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    await waitAvailable(apps, 'scaler', ns, 4);
    expect(await podsOf(core, ns, 'scaler')).toHaveLength(4);
    await apps.patchNamespacedDeploymentScale(
      { name: 'scaler', namespace: ns, body: { spec: { replicas: 2 } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    await waitAvailable(apps, 'scaler', ns, 2);
    await eventually('pods scaled down to 2', async () =>
      (await podsOf(core, ns, 'scaler')).length === 2 ? true : undefined,
    );
  });

  it('completes a rollout restart with a new ReplicaSet', async () => {
    const { apps } = getTestCluster();
    await apps.createNamespacedDeployment({ namespace: ns, body: deploymentManifest('restarter', ns, 2) });
    await waitAvailable(apps, 'restarter', ns, 2);
    const rsBefore = (await apps.listNamespacedReplicaSet({ namespace: ns, labelSelector: 'app=restarter' }))
      .items;
    expect(rsBefore).toHaveLength(1);
    await apps.patchNamespacedDeployment(
      {
        name: 'restarter',
        namespace: ns,
        body: {
          spec: {
            template: {
              metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString() } },
            },
          },
        },
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch),
    );
    const done = await waitAvailable(apps, 'restarter', ns, 2);
    expect(done.metadata?.generation).toBe(2);
    const rsAfter = (await apps.listNamespacedReplicaSet({ namespace: ns, labelSelector: 'app=restarter' }))
      .items;
    expect(rsAfter).toHaveLength(2);
    const current = rsAfter.find(
      (rs) => rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] === '2',
    );
    expect(current?.status?.readyReplicas).toBe(2);
    const old = rsAfter.find((rs) => rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] === '1');
    await eventually('old ReplicaSet scaled to 0', async () => {
      const rs = await apps.readNamespacedReplicaSet({ name: old?.metadata?.name ?? '', namespace: ns });
      return rs.status?.replicas === 0 ? true : undefined;
    });
  });

  it('serves pod logs from kwok through the API server', async () => {
    const { apps, core, state } = getTestCluster();
    const marker = `marker-${Date.now()}`;
    const file = state.logFiles['sidecar'] ?? '';
    appendFileSync(
      file,
      `2026-01-01T00:00:00Z stdout F first line\n2026-01-01T00:00:01Z stdout F ${marker}\n`,
    );
    await apps.createNamespacedDeployment({
      namespace: ns,
      body: deploymentManifest('logger', ns, 1, ['main', 'sidecar']),
    });
    await waitAvailable(apps, 'logger', ns, 1);
    const [pod] = await podsOf(core, ns, 'logger');
    const name = pod?.metadata?.name ?? '';
    const text = await core.readNamespacedPodLog({ name, namespace: ns, container: 'sidecar', tailLines: 1 });
    expect(text.trim()).toBe(marker);
    const limited = await core.readNamespacedPodLog({
      name,
      namespace: ns,
      container: 'sidecar',
      limitBytes: 5,
    });
    expect(limited.length).toBeLessThanOrEqual(5);
  });

  it('installs and uninstalls a chart with helm', () => {
    const { state, plane } = getTestCluster();
    const helm = (args: string[]): string =>
      execFileSync(plane.bins.helm, args, {
        encoding: 'utf8',
        env: {
          ...process.env,
          KUBECONFIG: state.kubeconfig,
          HELM_CACHE_HOME: join(state.stateDir, 'helm', 'cache'),
          HELM_CONFIG_HOME: join(state.stateDir, 'helm', 'config'),
          HELM_DATA_HOME: join(state.stateDir, 'helm', 'data'),
        },
      });
    const chart = join(repoRoot, 'test/fixtures/charts/hello');
    helm([
      'install',
      'greeter',
      chart,
      '--namespace',
      ns,
      '--set',
      'greeting=ni-hao',
      '--wait',
      '--timeout',
      '60s',
    ]);
    const cm = plane.kubectl([
      'get',
      'configmap',
      'greeter-hello',
      '-n',
      ns,
      '-o',
      'jsonpath={.data.greeting}',
    ]);
    expect(cm).toBe('ni-hao');
    expect(helm(['list', '-n', ns, '-q'])).toContain('greeter');
    helm(['uninstall', 'greeter', '--namespace', ns, '--wait']);
    expect(() => plane.kubectl(['get', 'configmap', 'greeter-hello', '-n', ns])).toThrow(
      /NotFound|not found/,
    );
  });
});

describe.skipIf(skip)('API server restart', () => {
  // A private etcd + API server, so stopping it cannot disturb the other e2e files running in parallel.
  let plane: LocalControlPlane;
  beforeAll(async () => {
    plane = await createControlPlane(mkdtempSync(join(tmpdir(), 'kubetalk-restart-')), () => undefined);
    await plane.start({ minimal: true });
  });
  afterAll(async () => {
    await plane?.stop();
  });

  it('stops and starts the API server; a client reconnects and data survives', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(plane.cluster.kubeconfig);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'survivor' } } });

    await plane.stopApiServer();
    expect(plane.running()['kube-apiserver']).toBe(false);
    await expect(core.readNamespace({ name: 'survivor' })).rejects.toThrow();

    await plane.startApiServer();
    const ns = await eventually(
      'client reconnects',
      async () => await core.readNamespace({ name: 'survivor' }),
    );
    expect(ns.metadata?.name).toBe('survivor');
  });
});
