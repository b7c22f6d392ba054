// undo and history against the real control plane: Deployments via ReplicaSets, StatefulSets/DaemonSets via ControllerRevisions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as k8s from '@kubernetes/client-node';
import type { ActionRunner, WorkloadKind } from '../../../src/actions/types.ts';
import {
  clusterUnavailableReason,
  deleteTestNamespace,
  deploymentManifest,
  eventually,
  getTestCluster,
} from '../../support/cluster.ts';
import {
  contextFor,
  createRunner,
  createRunnerNamespace,
  rejectionMessage,
  daemonSetManifest,
  statefulSetManifest,
  waitDeploymentDone,
} from './runner-fixture.ts';

const skip = clusterUnavailableReason() !== '';
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

describe.skipIf(skip)('undo and history actions', () => {
  let ns = '';
  let runner: ActionRunner;
  const ctx = (kind: WorkloadKind, name: string): ReturnType<typeof contextFor> => contextFor(kind, ns, name);

  beforeAll(async () => {
    ns = await createRunnerNamespace('undo');
    runner = await createRunner();
    const { apps } = getTestCluster();
    const d = deploymentManifest('web', ns, 2);
    await apps.createNamespacedDeployment({
      namespace: ns,
      body: { ...d, metadata: { ...d.metadata, annotations: { [CAUSE]: 'first release' } } },
    });
    await waitDeploymentDone(ns, 'web');
    await apps.patchNamespacedDeployment(
      { name: 'web', namespace: ns, body: newImage('registry.example/web:2', 'image web:2') },
      smp,
    );
    await waitDeploymentDone(ns, 'web');
  });
  afterAll(async () => {
    await deleteTestNamespace(ns);
  });

  it('lists the revisions with their change-cause, newest last, current marked', async () => {
    const out = await runner.run({ type: 'history' }, ctx('Deployment', 'web'));
    expect(out.ok).toBe(true);
    expect(out.summary).toEqual({
      key: 'action.history.summary',
      params: { kind: 'deployment', name: 'web', namespace: ns, count: 2, current: 2 },
    });
    expect(out.blocks?.[0]?.text).toBe(
      ['  REV  CHANGE-CAUSE', '  1    first release', '* 2    image web:2'].join('\n'),
    );
  });

  it('undoes to the previous revision: the template really goes back, and the follow-up completes', async () => {
    const out = await runner.run({ type: 'undo', timeoutSeconds: 90 }, ctx('Deployment', 'web'));
    expect(out.summary).toEqual({
      key: 'action.undo.done',
      params: { kind: 'deployment', name: 'web', namespace: ns, revision: 1 },
    });
    expect(await deploymentImage(ns, 'web')).toBe('registry.example/web:1');
    const d = await getTestCluster().apps.readNamespacedDeployment({ name: 'web', namespace: ns });
    expect(d.spec?.template.metadata?.labels?.['pod-template-hash']).toBeUndefined();
    expect(d.metadata?.annotations?.[CAUSE]).toBe('first release');
    const follow = await out.followUp;
    expect(follow?.ok).toBe(true);
    expect(follow?.summary.key).toBe('action.rollout.complete');
    const history = await runner.run({ type: 'history' }, ctx('Deployment', 'web'));
    // The old ReplicaSet becomes the newest revision (3), as with kubectl.
    expect(history.blocks?.[0]?.text).toBe(
      ['  REV  CHANGE-CAUSE', '  2    image web:2', '* 3    first release'].join('\n'),
    );
  });

  it('undoes to a given revision, and skips when the template already matches', async () => {
    const out = await runner.run(
      { type: 'undo', toRevision: 2, timeoutSeconds: 90 },
      ctx('Deployment', 'web'),
    );
    expect(out.summary.key).toBe('action.undo.done');
    expect(await deploymentImage(ns, 'web')).toBe('registry.example/web:2');
    await out.followUp;
    const again = await runner.run(
      { type: 'undo', toRevision: 4, timeoutSeconds: 90 },
      ctx('Deployment', 'web'),
    );
    expect(again.summary).toEqual({
      key: 'action.undo.skipped',
      params: { kind: 'deployment', name: 'web', namespace: ns, revision: 4 },
    });
    expect(again.followUp).toBeUndefined();
  });

  it('names the available revisions when the requested one does not exist, and changes nothing', async () => {
    const { apps } = getTestCluster();
    const before = await apps.readNamespacedDeployment({ name: 'web', namespace: ns });
    const err = await rejectionMessage(
      runner.run({ type: 'undo', toRevision: 42, timeoutSeconds: 5 }, ctx('Deployment', 'web')),
    );
    expect(err).toEqual({
      key: 'action.undo.revision-not-found',
      params: { kind: 'deployment', name: 'web', namespace: ns, revision: 42, available: '3, 4' },
    });
    const after = await apps.readNamespacedDeployment({ name: 'web', namespace: ns });
    expect(after.metadata?.resourceVersion).toBe(before.metadata?.resourceVersion);
  });

  it('says there is no history to undo for a fresh Deployment', async () => {
    const { apps } = getTestCluster();
    await apps.createNamespacedDeployment({ namespace: ns, body: deploymentManifest('fresh', ns, 1) });
    await waitDeploymentDone(ns, 'fresh');
    const err = await rejectionMessage(
      runner.run({ type: 'undo', timeoutSeconds: 5 }, ctx('Deployment', 'fresh')),
    );
    expect(err.key).toBe('action.undo.no-history');
  });

  it('undoes a StatefulSet through its ControllerRevisions and lists its history', async () => {
    const { apps } = getTestCluster();
    await apps.createNamespacedStatefulSet({ namespace: ns, body: statefulSetManifest('db', ns, 2) });
    await eventually('statefulset ready', async () => {
      const s = await apps.readNamespacedStatefulSet({ name: 'db', namespace: ns });
      return s.status?.readyReplicas === 2 ? true : undefined;
    });
    await apps.patchNamespacedStatefulSet(
      { name: 'db', namespace: ns, body: newImage('registry.example/db:2', 'image db:2') },
      smp,
    );
    const rolled = await runner.run({ type: 'status', timeoutSeconds: 90 }, ctx('StatefulSet', 'db'));
    if (rolled.followUp) expect((await rolled.followUp).ok).toBe(true);

    const history = await runner.run({ type: 'history' }, ctx('StatefulSet', 'db'));
    expect(history.summary.params).toMatchObject({ count: 2, current: 2 });
    expect(history.blocks?.[0]?.text).toMatch(/^\* 2 {4}image db:2$/m);

    const out = await runner.run({ type: 'undo', timeoutSeconds: 90 }, ctx('StatefulSet', 'db'));
    expect(out.summary).toEqual({
      key: 'action.undo.done',
      params: { kind: 'statefulset', name: 'db', namespace: ns, revision: 1 },
    });
    const s = await apps.readNamespacedStatefulSet({ name: 'db', namespace: ns });
    expect(s.spec?.template.spec?.containers[0]?.image).toBe('registry.example/db:1');
    const follow = await out.followUp;
    expect(follow?.ok).toBe(true);

    const skipped = await runner.run(
      { type: 'undo', toRevision: 3, timeoutSeconds: 5 },
      ctx('StatefulSet', 'db'),
    );
    expect(skipped.summary.key).toBe('action.undo.skipped');
  });

  it('undoes a DaemonSet through its ControllerRevisions', async () => {
    const { apps } = getTestCluster();
    await apps.createNamespacedDaemonSet({ namespace: ns, body: daemonSetManifest('agent', ns) });
    await apps.patchNamespacedDaemonSet(
      { name: 'agent', namespace: ns, body: newImage('registry.example/agent:2', 'image agent:2') },
      smp,
    );
    await eventually('daemonset has 2 revisions', async () => {
      const list = await apps.listNamespacedControllerRevision({ namespace: ns, labelSelector: 'app=agent' });
      return list.items.length === 2 ? true : undefined;
    });
    const out = await runner.run(
      { type: 'undo', toRevision: 1, timeoutSeconds: 90 },
      ctx('DaemonSet', 'agent'),
    );
    expect(out.summary.key).toBe('action.undo.done');
    const ds = await apps.readNamespacedDaemonSet({ name: 'agent', namespace: ns });
    expect(ds.spec?.template.spec?.containers[0]?.image).toBe('registry.example/agent:1');
    expect((await out.followUp)?.ok).toBe(true);
  });
});
