// scale against the real control plane, as the impersonated runner: bounds, no-ops, StatefulSets, label selectors.
import * as k8s from '@kubernetes/client-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildScalePatch } from '../../../src/actions/scale.ts';
import { readApiStatus } from '../../../src/kube/api-status.ts';
import { deploymentManifest, eventually, getTestCluster } from '../../support/cluster.ts';
import {
  contextFor,
  rejectionMessage,
  daemonSetManifest,
  statefulSetManifest,
  skipActions,
  useRunnerSuite,
  waitDeploymentDone,
} from './runner-fixture.ts';

describe.skipIf(skipActions)('scale action', () => {
  const suite = useRunnerSuite('scale');
  beforeAll(async () => {
    const { apps } = getTestCluster();
    await apps.createNamespacedDeployment({
      namespace: suite.ns,
      body: deploymentManifest('web', suite.ns, 2),
    });
    await waitDeploymentDone(suite.ns, 'web');
  });

  it('scales a Deployment within bounds and reports old → new', async () => {
    const out = await suite.runner.run(
      { type: 'scale', replicas: 4, minReplicas: 1, maxReplicas: 5 },
      contextFor('Deployment', suite.ns, 'web'),
    );
    expect(out.ok).toBe(true);
    expect(out.summary).toEqual({
      key: 'action.scale.done',
      params: { kind: 'deployment', name: 'web', namespace: suite.ns, from: 2, to: 4 },
    });
    const { apps } = getTestCluster();
    expect((await apps.readNamespacedDeployment({ name: 'web', namespace: suite.ns })).spec?.replicas).toBe(
      4,
    );
    const done = await waitDeploymentDone(suite.ns, 'web');
    expect(done.status?.availableReplicas).toBe(4);
  });

  it('says so when the count is already what was asked', async () => {
    const out = await suite.runner.run(
      { type: 'scale', replicas: 4, minReplicas: 1, maxReplicas: 5 },
      contextFor('Deployment', suite.ns, 'web'),
    );
    expect(out.summary.key).toBe('action.scale.unchanged');
    expect(out.ok).toBe(true);
  });

  it('refuses the replicas patch when the replicas moved since they were read (the precondition retry builds on)', async () => {
    const { apps } = getTestCluster();
    const opts = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch);
    const current = (await apps.readNamespacedDeploymentScale({ name: 'web', namespace: suite.ns })).spec
      ?.replicas;
    expect(current).toBe(4);
    for (const staleFrom of [3, 0]) {
      const err: unknown = await apps
        .patchNamespacedDeploymentScale(
          { name: 'web', namespace: suite.ns, body: buildScalePatch(staleFrom, 1) },
          opts,
        )
        .catch((e: unknown) => e);
      expect(readApiStatus(err)?.code).toBe(422);
    }
    const after = await apps.readNamespacedDeploymentScale({ name: 'web', namespace: suite.ns });
    expect(after.spec?.replicas).toBe(4);
  });

  it('scales to 0 and back from 0 (a Scale omits replicas: 0)', async () => {
    const { apps } = getTestCluster();
    await apps.createNamespacedDeployment({
      namespace: suite.ns,
      body: deploymentManifest('idle', suite.ns, 1),
    });
    const ctx = contextFor('Deployment', suite.ns, 'idle');
    const bounds = { minReplicas: 0, maxReplicas: 3 } as const;
    const down = await suite.runner.run({ type: 'scale', replicas: 0, ...bounds }, ctx);
    expect(down.summary).toMatchObject({ key: 'action.scale.done', params: { from: 1, to: 0 } });
    const up = await suite.runner.run({ type: 'scale', replicas: 2, ...bounds }, ctx);
    expect(up.summary).toMatchObject({ key: 'action.scale.done', params: { from: 0, to: 2 } });
    expect((await apps.readNamespacedDeployment({ name: 'idle', namespace: suite.ns })).spec?.replicas).toBe(
      2,
    );
  });

  it('wins against other writers changing the object but not its replicas (no resourceVersion race)', async () => {
    const { apps } = getTestCluster();
    // During a rollout the deployment controller rewrites status many times a second; a resourceVersion
    // precondition lost that race three times in a row in CI. A writer bumping an annotation in a tight loop
    // is the same race made certain.
    await apps.createNamespacedDeployment({
      namespace: suite.ns,
      body: deploymentManifest('busy', suite.ns, 1),
    });
    const opts = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);
    let stop = false;
    let writes = 0;
    const churn = (async () => {
      while (!stop) {
        const body = { metadata: { annotations: { 'test.kubetalk.io/churn': String(writes++) } } };
        await apps.patchNamespacedDeployment({ name: 'busy', namespace: suite.ns, body }, opts);
      }
    })();
    try {
      const ctx = contextFor('Deployment', suite.ns, 'busy');
      for (const replicas of [3, 1, 4, 2, 5, 0, 2]) {
        const out = await suite.runner.run({ type: 'scale', replicas, minReplicas: 0, maxReplicas: 5 }, ctx);
        expect(out.summary.key).toBe('action.scale.done');
      }
    } finally {
      stop = true;
      await churn;
    }
    expect(writes).toBeGreaterThan(1);
    expect((await apps.readNamespacedDeployment({ name: 'busy', namespace: suite.ns })).spec?.replicas).toBe(
      2,
    );
  });

  it('refuses a count beyond the bounds and changes nothing', async () => {
    const { apps } = getTestCluster();
    const before = await apps.readNamespacedDeployment({ name: 'web', namespace: suite.ns });
    const err = await rejectionMessage(
      suite.runner.run(
        { type: 'scale', replicas: 9, minReplicas: 1, maxReplicas: 5 },
        contextFor('Deployment', suite.ns, 'web'),
      ),
    );
    expect(err).toEqual({
      key: 'action.scale.out-of-bounds',
      params: { kind: 'deployment', name: 'web', namespace: suite.ns, replicas: 9, min: 1, max: 5 },
    });
    const below = await rejectionMessage(
      suite.runner.run(
        { type: 'scale', replicas: 0, minReplicas: 1, maxReplicas: 5 },
        contextFor('Deployment', suite.ns, 'web'),
      ),
    );
    expect(below.key).toBe('action.scale.out-of-bounds');
    const after = await apps.readNamespacedDeployment({ name: 'web', namespace: suite.ns });
    expect(after.spec?.replicas).toBe(before.spec?.replicas);
    // Not the resourceVersion: the controller-manager's status writes move it. The spec must not move.
    expect(after.metadata?.generation).toBe(before.metadata?.generation);
    expect(after.spec).toEqual(before.spec);
  });

  it('scales a StatefulSet through its scale subresource', async () => {
    const { apps } = getTestCluster();
    await apps.createNamespacedStatefulSet({
      namespace: suite.ns,
      body: statefulSetManifest('db', suite.ns, 1),
    });
    const out = await suite.runner.run(
      { type: 'scale', replicas: 3, minReplicas: 1, maxReplicas: 3 },
      contextFor('StatefulSet', suite.ns, 'db'),
    );
    expect(out.summary).toEqual({
      key: 'action.scale.done',
      params: { kind: 'statefulset', name: 'db', namespace: suite.ns, from: 1, to: 3 },
    });
    await eventually('statefulset has 3 ready replicas', async () => {
      const s = await apps.readNamespacedStatefulSet({ name: 'db', namespace: suite.ns });
      return s.spec?.replicas === 3 && s.status?.readyReplicas === 3 ? true : undefined;
    });
  });

  it('refuses to scale a DaemonSet', async () => {
    const { apps } = getTestCluster();
    await apps.createNamespacedDaemonSet({ namespace: suite.ns, body: daemonSetManifest('agent', suite.ns) });
    const err = await rejectionMessage(
      suite.runner.run(
        { type: 'scale', replicas: 2, minReplicas: 1, maxReplicas: 3 },
        contextFor('DaemonSet', suite.ns, 'agent'),
      ),
    );
    expect(err.key).toBe('action.scale.unsupported-kind');
  });

  it('honours a label selector: refuses a workload without the labels, scales one with them', async () => {
    const { apps } = getTestCluster();
    const ctx = contextFor('Deployment', suite.ns, 'web', { selector: { matchLabels: { chat: 'enabled' } } });
    const err = await rejectionMessage(
      suite.runner.run({ type: 'scale', replicas: 3, minReplicas: 1, maxReplicas: 5 }, ctx),
    );
    expect(err).toEqual({
      key: 'action.selector-mismatch',
      params: { kind: 'deployment', name: 'web', namespace: suite.ns, selector: 'chat=enabled' },
    });
    expect((await apps.readNamespacedDeployment({ name: 'web', namespace: suite.ns })).spec?.replicas).toBe(
      4,
    );

    const labelled = deploymentManifest('labelled', suite.ns, 1);
    labelled.metadata = { ...labelled.metadata, labels: { app: 'labelled', chat: 'enabled', tier: 'front' } };
    await apps.createNamespacedDeployment({ namespace: suite.ns, body: labelled });
    const selector = {
      matchLabels: { chat: 'enabled' },
      matchExpressions: [
        { key: 'tier', operator: 'In' as const, values: ['front', 'edge'] },
        { key: 'canary', operator: 'DoesNotExist' as const },
      ],
    };
    const out = await suite.runner.run(
      { type: 'scale', replicas: 2, minReplicas: 1, maxReplicas: 5 },
      contextFor('Deployment', suite.ns, 'labelled', { selector }),
    );
    expect(out.summary.key).toBe('action.scale.done');
    expect(
      (await apps.readNamespacedDeployment({ name: 'labelled', namespace: suite.ns })).spec?.replicas,
    ).toBe(2);
  });

  it('reports a missing workload as not found', async () => {
    const err = await rejectionMessage(
      suite.runner.run(
        { type: 'scale', replicas: 2, minReplicas: 1, maxReplicas: 3 },
        contextFor('Deployment', suite.ns, 'nope'),
      ),
    );
    expect(err).toEqual({
      key: 'action.not-found',
      params: { kind: 'deployment', name: 'nope', namespace: suite.ns },
    });
  });
});
