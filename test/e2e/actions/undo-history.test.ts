// undo and history against the real control plane: Deployments via ReplicaSets, StatefulSets/DaemonSets via ControllerRevisions.
import { beforeAll, describe, expect, it } from 'vitest';
import * as k8s from '@kubernetes/client-node';
import type { WorkloadKind } from '../../../src/actions/types.ts';
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

const CAUSE = 'kubernetes.io/change-cause';
const smp = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch);

/** What `kubectl set image … && kubectl annotate … change-cause=…` does, in one strategic merge patch. */
function newImage(image: string, cause: string): object {
  return {
    metadata: { annotations: { [CAUSE]: cause } },
    spec: { template: { spec: { containers: [{ name: 'app', image }] } } },
  };
}

async function deploymentImage(ns: string, name: string): Promise<string | undefined> {
  const d = await getTestCluster().apps.readNamespacedDeployment({ name, namespace: ns });
  return d.spec?.template.spec?.containers[0]?.image;
}

describe.skipIf(skipActions)('undo and history actions', () => {
  const suite = useRunnerSuite('undo');
  const ctx = (kind: WorkloadKind, name: string): ReturnType<typeof contextFor> =>
    contextFor(kind, suite.ns, name);

  beforeAll(async () => {
    const { apps } = getTestCluster();
    const d = deploymentManifest('web', suite.ns, 2);
    await apps.createNamespacedDeployment({
      namespace: suite.ns,
      body: { ...d, metadata: { ...d.metadata, annotations: { [CAUSE]: 'first release' } } },
    });
    await waitDeploymentDone(suite.ns, 'web');
    await apps.patchNamespacedDeployment(
      { name: 'web', namespace: suite.ns, body: newImage('registry.example/web:2', 'image web:2') },
      smp,
    );
    await waitDeploymentDone(suite.ns, 'web');
  });

  it('lists the revisions with their change-cause, newest last, current marked', async () => {
    const out = await suite.runner.run({ type: 'history' }, ctx('Deployment', 'web'));
    expect(out.ok).toBe(true);
    expect(out.summary).toEqual({
      key: 'action.history.summary',
      params: { kind: 'deployment', name: 'web', namespace: suite.ns, count: 2, current: 2 },
    });
    expect(out.blocks?.[0]?.text).toBe(
      ['  REV  CHANGE-CAUSE', '  1    first release', '* 2    image web:2'].join('\n'),
    );
  });

  it('undoes to the previous revision: the template really goes back, and the follow-up completes', async () => {
    const out = await suite.runner.run({ type: 'undo', timeoutSeconds: 90 }, ctx('Deployment', 'web'));
    expect(out.summary).toEqual({
      key: 'action.undo.done',
      params: { kind: 'deployment', name: 'web', namespace: suite.ns, revision: 1 },
    });
    expect(await deploymentImage(suite.ns, 'web')).toBe('registry.example/web:1');
    const d = await getTestCluster().apps.readNamespacedDeployment({ name: 'web', namespace: suite.ns });
    expect(d.spec?.template.metadata?.labels?.['pod-template-hash']).toBeUndefined();
    expect(d.metadata?.annotations?.[CAUSE]).toBe('first release');
    const follow = await out.followUp;
    expect(follow?.ok).toBe(true);
    expect(follow?.summary.key).toBe('action.rollout.complete');
    const history = await suite.runner.run({ type: 'history' }, ctx('Deployment', 'web'));
    // The old ReplicaSet becomes the newest revision (3), as with kubectl.
    expect(history.blocks?.[0]?.text).toBe(
      ['  REV  CHANGE-CAUSE', '  2    image web:2', '* 3    first release'].join('\n'),
    );
  });

  it('undoes to a given revision, and skips when the template already matches', async () => {
    const out = await suite.runner.run(
      { type: 'undo', toRevision: 2, timeoutSeconds: 90 },
      ctx('Deployment', 'web'),
    );
    expect(out.summary.key).toBe('action.undo.done');
    expect(await deploymentImage(suite.ns, 'web')).toBe('registry.example/web:2');
    await out.followUp;
    const again = await suite.runner.run(
      { type: 'undo', toRevision: 4, timeoutSeconds: 90 },
      ctx('Deployment', 'web'),
    );
    expect(again.summary).toEqual({
      key: 'action.undo.skipped',
      params: { kind: 'deployment', name: 'web', namespace: suite.ns, revision: 4 },
    });
    expect(again.followUp).toBeUndefined();
  });

  it('names the available revisions when the requested one does not exist, and changes nothing', async () => {
    const { apps } = getTestCluster();
    const before = await apps.readNamespacedDeployment({ name: 'web', namespace: suite.ns });
    const err = await rejectionMessage(
      suite.runner.run({ type: 'undo', toRevision: 42, timeoutSeconds: 5 }, ctx('Deployment', 'web')),
    );
    expect(err).toEqual({
      key: 'action.undo.revision-not-found',
      params: { kind: 'deployment', name: 'web', namespace: suite.ns, revision: 42, available: '3, 4' },
    });
    const after = await apps.readNamespacedDeployment({ name: 'web', namespace: suite.ns });
    // Not the resourceVersion: the controller-manager's status writes move it. The spec must not move.
    expect(after.metadata?.generation).toBe(before.metadata?.generation);
    expect(after.spec).toEqual(before.spec);
  });

  it('says there is no history to undo for a fresh Deployment', async () => {
    const { apps } = getTestCluster();
    await apps.createNamespacedDeployment({
      namespace: suite.ns,
      body: deploymentManifest('fresh', suite.ns, 1),
    });
    await waitDeploymentDone(suite.ns, 'fresh');
    const err = await rejectionMessage(
      suite.runner.run({ type: 'undo', timeoutSeconds: 5 }, ctx('Deployment', 'fresh')),
    );
    expect(err.key).toBe('action.undo.no-history');
  });

  it('undoes a StatefulSet through its ControllerRevisions and lists its history', async () => {
    const { apps } = getTestCluster();
    await apps.createNamespacedStatefulSet({
      namespace: suite.ns,
      body: statefulSetManifest('db', suite.ns, 2),
    });
    await eventually('statefulset ready', async () => {
      const s = await apps.readNamespacedStatefulSet({ name: 'db', namespace: suite.ns });
      return s.status?.readyReplicas === 2 ? true : undefined;
    });
    await apps.patchNamespacedStatefulSet(
      { name: 'db', namespace: suite.ns, body: newImage('registry.example/db:2', 'image db:2') },
      smp,
    );
    const rolled = await suite.runner.run({ type: 'status', timeoutSeconds: 90 }, ctx('StatefulSet', 'db'));
    if (rolled.followUp) expect((await rolled.followUp).ok).toBe(true);

    const history = await suite.runner.run({ type: 'history' }, ctx('StatefulSet', 'db'));
    expect(history.summary.params).toMatchObject({ count: 2, current: 2 });
    expect(history.blocks?.[0]?.text).toMatch(/^\* 2 {4}image db:2$/m);

    const out = await suite.runner.run({ type: 'undo', timeoutSeconds: 90 }, ctx('StatefulSet', 'db'));
    expect(out.summary).toEqual({
      key: 'action.undo.done',
      params: { kind: 'statefulset', name: 'db', namespace: suite.ns, revision: 1 },
    });
    const s = await apps.readNamespacedStatefulSet({ name: 'db', namespace: suite.ns });
    expect(s.spec?.template.spec?.containers[0]?.image).toBe('registry.example/db:1');
    const follow = await out.followUp;
    expect(follow?.ok).toBe(true);

    const skipped = await suite.runner.run(
      { type: 'undo', toRevision: 3, timeoutSeconds: 5 },
      ctx('StatefulSet', 'db'),
    );
    expect(skipped.summary.key).toBe('action.undo.skipped');
  });

  it('undoes a DaemonSet through its ControllerRevisions', async () => {
    const { apps } = getTestCluster();
    await apps.createNamespacedDaemonSet({ namespace: suite.ns, body: daemonSetManifest('agent', suite.ns) });
    await apps.patchNamespacedDaemonSet(
      { name: 'agent', namespace: suite.ns, body: newImage('registry.example/agent:2', 'image agent:2') },
      smp,
    );
    await eventually('daemonset has 2 revisions', async () => {
      const list = await apps.listNamespacedControllerRevision({
        namespace: suite.ns,
        labelSelector: 'app=agent',
      });
      return list.items.length === 2 ? true : undefined;
    });
    const out = await suite.runner.run(
      { type: 'undo', toRevision: 1, timeoutSeconds: 90 },
      ctx('DaemonSet', 'agent'),
    );
    expect(out.summary.key).toBe('action.undo.done');
    const ds = await apps.readNamespacedDaemonSet({ name: 'agent', namespace: suite.ns });
    expect(ds.spec?.template.spec?.containers[0]?.image).toBe('registry.example/agent:1');
    expect((await out.followUp)?.ok).toBe(true);
  });
});
