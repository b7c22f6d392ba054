import type { V1DaemonSet, V1Deployment, V1StatefulSet } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { computeRolloutStatus } from '../../../src/actions/rollout-status.ts';

const meta = (generation: number) => ({ name: 'web', namespace: 'shop', generation });

function deployment(
  generation: number,
  spec: V1Deployment['spec'],
  status: V1Deployment['status'],
): V1Deployment {
  return {
    metadata: meta(generation),
    spec: spec ?? { selector: {}, template: {} },
    ...(status ? { status } : {}),
  };
}

const depSpec = (replicas = 3): V1Deployment['spec'] => ({ replicas, selector: {}, template: {} });

describe('computeRolloutStatus: Deployment (kubectl rollout status rules)', () => {
  const status = (d: V1Deployment) => computeRolloutStatus({ kind: 'Deployment', obj: d });

  it('waits until the controller observed the new generation', () => {
    const s = status(
      deployment(2, depSpec(), {
        observedGeneration: 1,
        updatedReplicas: 3,
        replicas: 3,
        availableReplicas: 3,
      }),
    );
    expect(s).toMatchObject({
      done: false,
      failed: false,
      message: { key: 'action.rollout.waiting-observed' },
    });
  });

  it('fails on ProgressDeadlineExceeded', () => {
    const s = status(
      deployment(2, depSpec(), {
        observedGeneration: 2,
        conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
      }),
    );
    expect(s).toMatchObject({
      done: false,
      failed: true,
      message: { key: 'action.rollout.progress-deadline' },
    });
  });

  it('walks through updated → old pending → available → complete', () => {
    const at = (st: V1Deployment['status']) =>
      status(deployment(2, depSpec(3), { observedGeneration: 2, ...st }));
    expect(at({ updatedReplicas: 1, replicas: 4, availableReplicas: 3 }).message).toEqual({
      key: 'action.rollout.waiting-updated',
      params: { kind: 'deployment', name: 'web', namespace: 'shop', desired: 3, updated: 1, ready: 3 },
    });
    expect(at({ updatedReplicas: 3, replicas: 4, availableReplicas: 3 }).message).toMatchObject({
      key: 'action.rollout.waiting-old',
      params: { old: 1 },
    });
    expect(at({ updatedReplicas: 3, replicas: 3, availableReplicas: 2 }).message).toMatchObject({
      key: 'action.rollout.waiting-available',
      params: { ready: 2, of: 3 },
    });
    const done = at({ updatedReplicas: 3, replicas: 3, availableReplicas: 3 });
    expect(done).toMatchObject({ done: true, failed: false, message: { key: 'action.rollout.complete' } });
    expect(done.counts).toEqual({ desired: 3, updated: 3, ready: 3 });
  });

  it('treats a Deployment scaled to zero as complete', () => {
    expect(status(deployment(1, depSpec(0), { observedGeneration: 1 })).done).toBe(true);
  });
});

function sts(
  generation: number,
  spec: Partial<NonNullable<V1StatefulSet['spec']>>,
  status: V1StatefulSet['status'],
): V1StatefulSet {
  return {
    metadata: meta(generation),
    spec: { selector: {}, serviceName: 'web', template: {}, ...spec },
    ...(status ? { status } : {}),
  };
}

describe('computeRolloutStatus: StatefulSet', () => {
  const status = (s: V1StatefulSet) => computeRolloutStatus({ kind: 'StatefulSet', obj: s });
  const rolling = { type: 'RollingUpdate', rollingUpdate: { partition: 0 } };

  it('waits when status was never observed (observedGeneration 0)', () => {
    expect(status(sts(1, { replicas: 2, updateStrategy: rolling }, { replicas: 0 })).message.key).toBe(
      'action.rollout.waiting-observed',
    );
  });

  it('waits for ready pods, then for the partition, then completes', () => {
    const base = { observedGeneration: 3, replicas: 3 };
    expect(
      status(sts(3, { replicas: 3, updateStrategy: rolling }, { ...base, readyReplicas: 1 })).message,
    ).toMatchObject({
      key: 'action.rollout.waiting-ready',
      params: { waiting: 2 },
    });
    const partitioned = { type: 'RollingUpdate', rollingUpdate: { partition: 1 } };
    expect(
      status(
        sts(
          3,
          { replicas: 3, updateStrategy: partitioned },
          { ...base, readyReplicas: 3, updatedReplicas: 1 },
        ),
      ).message,
    ).toMatchObject({
      key: 'action.rollout.waiting-partition',
      params: { updated: 1, desired: 2 },
    });
    expect(
      status(
        sts(
          3,
          { replicas: 3, updateStrategy: partitioned },
          { ...base, readyReplicas: 3, updatedReplicas: 2 },
        ),
      ).done,
    ).toBe(true);
  });

  it('compares revisions when there is no rollingUpdate block', () => {
    const st = {
      observedGeneration: 2,
      replicas: 2,
      readyReplicas: 2,
      updatedReplicas: 1,
      currentRevision: 'a',
      updateRevision: 'b',
    };
    expect(
      status(sts(2, { replicas: 2, updateStrategy: { type: 'RollingUpdate' } }, st)).message,
    ).toMatchObject({
      key: 'action.rollout.waiting-revision',
      params: { revision: 'b' },
    });
    expect(
      status(
        sts(2, { replicas: 2, updateStrategy: { type: 'RollingUpdate' } }, { ...st, currentRevision: 'b' }),
      ).done,
    ).toBe(true);
  });

  it('cannot follow OnDelete', () => {
    expect(
      status(
        sts(1, { replicas: 1, updateStrategy: { type: 'OnDelete' } }, { observedGeneration: 1, replicas: 1 }),
      ),
    ).toMatchObject({
      failed: true,
      message: { key: 'action.rollout.unsupported-strategy', params: { strategy: 'OnDelete' } },
    });
  });
});

describe('computeRolloutStatus: DaemonSet', () => {
  const ds = (generation: number, status: V1DaemonSet['status'], type = 'RollingUpdate'): V1DaemonSet => ({
    metadata: meta(generation),
    spec: { selector: {}, template: {}, updateStrategy: { type } },
    ...(status ? { status } : {}),
  });
  const status = (d: V1DaemonSet) => computeRolloutStatus({ kind: 'DaemonSet', obj: d });
  const counts = { currentNumberScheduled: 2, numberMisscheduled: 0, numberReady: 2 };

  it('waits for observation, updated pods, available pods; then completes', () => {
    expect(status(ds(2, { ...counts, observedGeneration: 1, desiredNumberScheduled: 2 })).message.key).toBe(
      'action.rollout.waiting-observed',
    );
    expect(
      status(
        ds(2, {
          ...counts,
          observedGeneration: 2,
          desiredNumberScheduled: 2,
          updatedNumberScheduled: 1,
          numberAvailable: 2,
        }),
      ).message,
    ).toMatchObject({ key: 'action.rollout.waiting-updated', params: { updated: 1, desired: 2 } });
    expect(
      status(
        ds(2, {
          ...counts,
          observedGeneration: 2,
          desiredNumberScheduled: 2,
          updatedNumberScheduled: 2,
          numberAvailable: 1,
        }),
      ).message,
    ).toMatchObject({ key: 'action.rollout.waiting-available', params: { ready: 1, of: 2 } });
    expect(
      status(
        ds(2, {
          ...counts,
          observedGeneration: 2,
          desiredNumberScheduled: 2,
          updatedNumberScheduled: 2,
          numberAvailable: 2,
        }),
      ).done,
    ).toBe(true);
  });

  it('cannot follow OnDelete', () => {
    expect(status(ds(1, { ...counts, desiredNumberScheduled: 2 }, 'OnDelete')).failed).toBe(true);
  });
});
