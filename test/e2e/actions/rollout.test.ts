// restart and status against the real control plane: a new ReplicaSet, follow-ups to completion or timeout.
import { describe, expect, it } from 'vitest';
import * as k8s from '@kubernetes/client-node';
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

const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

/** Pods that can never be scheduled: the rollout stays in progress for as long as the test wants. */
function unschedulable(d: k8s.V1Deployment): k8s.V1Deployment {
  const spec = d.spec as k8s.V1DeploymentSpec;
  return {
    ...d,
    spec: {
      ...spec,
      template: {
        ...spec.template,
        spec: {
          ...spec.template.spec,
          containers: spec.template.spec?.containers ?? [],
          nodeSelector: { 'kubetalk.io/no-such-node': 'true' },
        },
      },
    },
  };
}

describe.skipIf(skipActions)('restart and status actions', () => {
  const suite = useRunnerSuite('rollout', { now: () => new Date('2026-05-04T03:02:01.999Z') });

  it('restarts a Deployment like kubectl: restartedAt annotation, new ReplicaSet, follow-up reports completion', async () => {
    const { apps } = getTestCluster();
    await apps.createNamespacedDeployment({
      namespace: suite.ns,
      body: deploymentManifest('web', suite.ns, 3),
    });
    await waitDeploymentDone(suite.ns, 'web');
    const out = await suite.runner.run(
      { type: 'restart', timeoutSeconds: 90 },
      contextFor('Deployment', suite.ns, 'web'),
    );
    expect(out.ok).toBe(true);
    expect(out.summary).toEqual({
      key: 'action.restart.started',
      params: { kind: 'deployment', name: 'web', namespace: suite.ns },
    });
    const d = await apps.readNamespacedDeployment({ name: 'web', namespace: suite.ns });
    expect(d.spec?.template.metadata?.annotations?.[RESTARTED_AT]).toBe('2026-05-04T03:02:01Z');
    const follow = await out.followUp;
    expect(follow).toEqual({
      ok: true,
      summary: {
        key: 'action.rollout.complete',
        params: { kind: 'deployment', name: 'web', namespace: suite.ns, desired: 3, updated: 3, ready: 3 },
      },
    });
    const rs = (await apps.listNamespacedReplicaSet({ namespace: suite.ns, labelSelector: 'app=web' })).items;
    expect(rs).toHaveLength(2);
    const newest = rs.find((r) => r.metadata?.annotations?.['deployment.kubernetes.io/revision'] === '2');
    expect(newest?.spec?.template?.metadata?.annotations?.[RESTARTED_AT]).toBe('2026-05-04T03:02:01Z');
    expect(newest?.status?.availableReplicas).toBe(3);
  });

  it('restarts a StatefulSet and a DaemonSet and follows both to completion', async () => {
    const { apps } = getTestCluster();
    await apps.createNamespacedStatefulSet({
      namespace: suite.ns,
      body: statefulSetManifest('db', suite.ns, 2),
    });
    await apps.createNamespacedDaemonSet({ namespace: suite.ns, body: daemonSetManifest('agent', suite.ns) });
    await eventually('statefulset and daemonset ready', async () => {
      const s = await apps.readNamespacedStatefulSet({ name: 'db', namespace: suite.ns });
      const ds = await apps.readNamespacedDaemonSet({ name: 'agent', namespace: suite.ns });
      return s.status?.readyReplicas === 2 && (ds.status?.numberAvailable ?? 0) > 0 ? true : undefined;
    });
    const sts = await suite.runner.run(
      { type: 'restart', timeoutSeconds: 90 },
      contextFor('StatefulSet', suite.ns, 'db'),
    );
    const ds = await suite.runner.run(
      { type: 'restart', timeoutSeconds: 90 },
      contextFor('DaemonSet', suite.ns, 'agent'),
    );
    const [stsDone, dsDone] = await Promise.all([sts.followUp, ds.followUp]);
    expect(stsDone?.ok).toBe(true);
    expect(stsDone?.summary.key).toBe('action.rollout.complete');
    expect(dsDone?.ok).toBe(true);
    expect(dsDone?.summary.key).toBe('action.rollout.complete');
    const s = await apps.readNamespacedStatefulSet({ name: 'db', namespace: suite.ns });
    expect(s.status?.currentRevision).toBe(s.status?.updateRevision);
    expect(s.spec?.template.metadata?.annotations?.[RESTARTED_AT]).toBe('2026-05-04T03:02:01Z');
  });

  it('refuses to restart a paused Deployment and changes nothing', async () => {
    const { apps } = getTestCluster();
    const paused = deploymentManifest('paused', suite.ns, 1);
    await apps.createNamespacedDeployment({
      namespace: suite.ns,
      body: { ...paused, spec: { ...(paused.spec as k8s.V1DeploymentSpec), paused: true } },
    });
    const err = await rejectionMessage(
      suite.runner.run({ type: 'restart', timeoutSeconds: 5 }, contextFor('Deployment', suite.ns, 'paused')),
    );
    expect(err.key).toBe('action.restart.paused');
    const d = await apps.readNamespacedDeployment({ name: 'paused', namespace: suite.ns });
    expect(d.spec?.template.metadata?.annotations?.[RESTARTED_AT]).toBeUndefined();
  });

  it('reports a finished rollout without a follow-up', async () => {
    const out = await suite.runner.run(
      { type: 'status', timeoutSeconds: 30 },
      contextFor('Deployment', suite.ns, 'web'),
    );
    expect(out.ok).toBe(true);
    expect(out.summary.key).toBe('action.rollout.complete');
    expect(out.followUp).toBeUndefined();
  });

  it('reports an in-progress rollout, times out the follow-up, then completes once the pods can run', async () => {
    const { apps } = getTestCluster();
    await apps.createNamespacedDeployment({
      namespace: suite.ns,
      body: unschedulable(deploymentManifest('stuck', suite.ns, 2)),
    });
    await eventually('stuck deployment observed', async () => {
      const d = await apps.readNamespacedDeployment({ name: 'stuck', namespace: suite.ns });
      return d.status?.observedGeneration === d.metadata?.generation && (d.status?.replicas ?? 0) === 2
        ? true
        : undefined;
    });
    // The warning is built from the scheduler's PodScheduled=False, written after the pods exist.
    await eventually('pods marked unschedulable', async () => {
      const pods = await getTestCluster().core.listNamespacedPod({
        namespace: suite.ns,
        labelSelector: 'app=stuck',
      });
      return pods.items.length === 2 &&
        pods.items.every((p) =>
          p.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'Unschedulable'),
        )
        ? true
        : undefined;
    });
    const out = await suite.runner.run(
      { type: 'status', timeoutSeconds: 2 },
      contextFor('Deployment', suite.ns, 'stuck'),
    );
    expect(out.ok).toBe(true);
    expect(out.summary).toMatchObject({
      key: 'action.rollout.waiting-available',
      params: { ready: 0, of: 2 },
    });
    // kubectl's hint: why the pods do not come up.
    expect(out.blocks?.[0]?.heading?.key).toBe('action.rollout.warning');
    expect(out.blocks?.[0]?.text).toMatch(/nodes are available/);
    const timedOut = await out.followUp;
    expect(timedOut?.ok).toBe(false);
    expect(timedOut?.summary).toMatchObject({
      key: 'action.rollout.still-in-progress',
      params: { name: 'stuck', updated: 2, desired: 2, ready: 0 },
    });
    expect(Number(timedOut?.summary.params?.['seconds'])).toBeGreaterThanOrEqual(2);
    expect(timedOut?.blocks?.[0]?.text).toMatch(/nodes are available/);

    // Shutdown (followUpSignal) stops a follow-up at once, with an honest "still in progress".
    const shutdown = new AbortController();
    const stopped = await suite.runner.run(
      { type: 'status', timeoutSeconds: 60 },
      { ...contextFor('Deployment', suite.ns, 'stuck'), followUpSignal: shutdown.signal },
    );
    shutdown.abort();
    expect((await stopped.followUp)?.summary.key).toBe('action.rollout.still-in-progress');

    // The action signal only bounds the first reply: the follow-up keeps going after it fired.
    // Aborted by hand once the first reply is in: a timer would also fire during that reply on a slow machine.
    const action = new AbortController();
    const again = await suite.runner.run(
      { type: 'status', timeoutSeconds: 60 },
      contextFor('Deployment', suite.ns, 'stuck', { signal: action.signal }),
    );
    expect(again.followUp).toBeDefined();
    action.abort();
    await apps.patchNamespacedDeployment(
      {
        name: 'stuck',
        namespace: suite.ns,
        body: [{ op: 'remove', path: '/spec/template/spec/nodeSelector' }],
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch),
    );
    const finished = await again.followUp;
    expect(finished?.ok).toBe(true);
    expect(finished?.summary.key).toBe('action.rollout.complete');
  });

  it('reports an exceeded progress deadline as a failure, without a follow-up', async () => {
    const { apps } = getTestCluster();
    const d = unschedulable(deploymentManifest('late', suite.ns, 1));
    await apps.createNamespacedDeployment({
      namespace: suite.ns,
      body: { ...d, spec: { ...(d.spec as k8s.V1DeploymentSpec), progressDeadlineSeconds: 1 } },
    });
    await eventually(
      'progress deadline exceeded',
      async () => {
        const got = await apps.readNamespacedDeployment({ name: 'late', namespace: suite.ns });
        return got.status?.conditions?.some((c) => c.reason === 'ProgressDeadlineExceeded')
          ? true
          : undefined;
      },
      90_000,
    );
    const out = await suite.runner.run(
      { type: 'status', timeoutSeconds: 30 },
      contextFor('Deployment', suite.ns, 'late'),
    );
    expect(out.ok).toBe(false);
    expect(out.summary.key).toBe('action.rollout.progress-deadline');
    expect(out.followUp).toBeUndefined();
  });
});
