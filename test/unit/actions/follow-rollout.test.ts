import {
  ApiException,
  type AppsV1Api,
  type CoreV1Api,
  type V1Deployment,
  type V1Pod,
} from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { followRollout } from '../../../src/actions/follow-rollout.ts';
import { mapKubeError } from '../../../src/actions/explain-api-error.ts';

const ref = { kind: 'Deployment', namespace: 'shop', name: 'web' } as const;

function dep(updated: number, available: number): V1Deployment {
  return {
    metadata: { name: 'web', namespace: 'shop', generation: 2 },
    spec: { replicas: 3, selector: {}, template: {} },
    status: { observedGeneration: 2, replicas: 3, updatedReplicas: updated, availableReplicas: available },
  };
}

/** Only readNamespacedDeployment is used by followRollout; each call returns (or throws) the next scripted step. */
function fakeApps(steps: (V1Deployment | Error)[]): AppsV1Api {
  let i = 0;
  const api = {
    readNamespacedDeployment: (): Promise<V1Deployment> => {
      const step = steps[Math.min(i++, steps.length - 1)];
      return step instanceof Error ? Promise.reject(step) : Promise.resolve(step as V1Deployment);
    },
  };
  // The fake implements the single method the code under test calls; the cast keeps the test free of the full API.
  return api as unknown as AppsV1Api;
}

const errorCtx = { runnerUser: 'system:serviceaccount:shop:r', runnerName: 'r', namespace: 'shop' };
const unschedulable: V1Pod = {
  status: {
    conditions: [
      {
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message: "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector.",
      },
    ],
  },
};
// Only listNamespacedPod is used (the "why is it stuck" hint).
const core = { listNamespacedPod: () => Promise.resolve({ items: [unschedulable] }) } as unknown as CoreV1Api;
const base = { ref, core, pollIntervalMs: 5, mapError: (e: unknown) => mapKubeError(e, errorCtx) };

describe('followRollout', () => {
  it('polls until the rollout completes', async () => {
    const out = await followRollout({
      ...base,
      apps: fakeApps([dep(1, 3), dep(3, 2), dep(3, 3)]),
      timeoutSeconds: 5,
      signal: new AbortController().signal,
    });
    expect(out).toEqual({
      ok: true,
      summary: {
        key: 'action.rollout.complete',
        params: { kind: 'deployment', name: 'web', namespace: 'shop', desired: 3, updated: 3, ready: 3 },
      },
    });
  });

  it('rides out transient API trouble', async () => {
    const unavailable = new ApiException(503, 'x', '{}', {});
    const out = await followRollout({
      ...base,
      apps: fakeApps([unavailable, dep(3, 3)]),
      timeoutSeconds: 5,
      signal: new AbortController().signal,
    });
    expect(out.ok).toBe(true);
  });

  it('reports "still in progress" with the last counts when the time is up', async () => {
    const out = await followRollout({
      ...base,
      apps: fakeApps([dep(2, 2)]),
      timeoutSeconds: 0.05,
      signal: new AbortController().signal,
    });
    expect(out.ok).toBe(false);
    expect(out.summary).toMatchObject({
      key: 'action.rollout.still-in-progress',
      params: { updated: 2, desired: 3, ready: 2 },
    });
    // …and, like kubectl, why: the first pod warning.
    expect(out.blocks).toEqual([
      {
        heading: { key: 'action.rollout.warning' },
        text: "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector.",
      },
    ]);
  });

  it('stops at once when the signal fires', async () => {
    const controller = new AbortController();
    const pending = followRollout({
      ...base,
      apps: fakeApps([dep(1, 1)]),
      pollIntervalMs: 60_000,
      timeoutSeconds: 600,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    expect((await pending).summary.key).toBe('action.rollout.still-in-progress');
  });

  it('never rejects: user-facing failures become the outcome, internal ones a generic message plus a report', async () => {
    const forbidden = new ApiException(
      403,
      'x',
      JSON.stringify({ message: 'User "u" cannot get resource "deployments" in API group "apps"' }),
      {},
    );
    const denied = await followRollout({
      ...base,
      apps: fakeApps([forbidden]),
      timeoutSeconds: 5,
      signal: new AbortController().signal,
    });
    expect(denied).toMatchObject({ ok: false, summary: { key: 'action.forbidden' } });

    const reported: unknown[] = [];
    const bug = new TypeError('boom');
    const broken = await followRollout({
      ...base,
      apps: fakeApps([bug]),
      timeoutSeconds: 5,
      signal: new AbortController().signal,
      onInternalError: (e) => reported.push(e),
    });
    expect(broken).toEqual({
      ok: false,
      summary: {
        key: 'action.rollout.follow-failed',
        params: { kind: 'deployment', name: 'web', namespace: 'shop' },
      },
    });
    expect(reported).toEqual([bug]);
  });

  it('reports a progress deadline as a failed outcome', async () => {
    const late = dep(1, 1);
    late.status = {
      ...late.status,
      conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
    };
    const out = await followRollout({
      ...base,
      apps: fakeApps([late]),
      timeoutSeconds: 5,
      signal: new AbortController().signal,
    });
    expect(out).toMatchObject({ ok: false, summary: { key: 'action.rollout.progress-deadline' } });
  });
});
