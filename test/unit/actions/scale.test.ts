import { ApiException, type AppsV1Api, type CoreV1Api, type V1Scale } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { ActionEnv } from '../../../src/actions/action-env.ts';
import { runScale } from '../../../src/actions/scale.ts';
import type { ActionContext, WorkloadKind } from '../../../src/actions/types.ts';
import { isUserFacingError } from '../../../src/errors.ts';

interface Call {
  readonly method: string;
  readonly args: unknown;
}

/** A fake scale subresource; each scripted conflict moves its resourceVersion on, as another writer would. */
function fakeEnv(
  kind: WorkloadKind,
  replicas: number,
  opts: { conflicts?: number } = {},
): { env: ActionEnv; calls: Call[] } {
  const calls: Call[] = [];
  let rv = 1;
  let conflicts = opts.conflicts ?? 0;
  const read = (args: unknown): Promise<V1Scale> => {
    calls.push({ method: 'read', args });
    return Promise.resolve({ metadata: { resourceVersion: String(rv) }, spec: { replicas } });
  };
  const patch = (args: {
    body: { metadata?: { resourceVersion?: string }; spec: { replicas: number } };
  }): Promise<V1Scale> => {
    calls.push({ method: 'patch', args: args.body });
    if (conflicts > 0) {
      conflicts--;
      rv++;
      return Promise.reject(new ApiException(409, 'x', JSON.stringify({ reason: 'Conflict' }), {}));
    }
    replicas = args.body.spec.replicas;
    return Promise.resolve({ spec: { replicas } });
  };
  // Only the scale-subresource methods are exercised; the casts keep the fake small.
  const apps = {
    readNamespacedDeploymentScale: read,
    readNamespacedStatefulSetScale: read,
    patchNamespacedDeploymentScale: patch,
    patchNamespacedStatefulSetScale: patch,
  } as unknown as AppsV1Api;
  const ctx: ActionContext = {
    target: { kind, namespace: 'shop', name: 'web' },
    signal: new AbortController().signal,
  };
  const env: ActionEnv = {
    apps,
    core: {} as CoreV1Api,
    ctx,
    now: () => new Date(0),
    readTarget: () => Promise.reject(new Error('not used without a selector')),
    followRollout: () => Promise.reject(new Error('not used')),
  };
  return { env, calls };
}

const scale = (replicas: number, minReplicas = 1, maxReplicas = 5) =>
  ({ type: 'scale', replicas, minReplicas, maxReplicas }) as const;

async function keyOf(p: Promise<unknown>): Promise<string> {
  const err: unknown = await p.catch((e: unknown) => e);
  return isUserFacingError(err) ? err.userMessage.key : `not a UserFacingError: ${String(err)}`;
}

describe('runScale', () => {
  it('refuses out-of-bounds and malformed counts before any API call', async () => {
    for (const [replicas, key] of [
      [6, 'action.scale.out-of-bounds'],
      [0, 'action.scale.out-of-bounds'],
      [2.5, 'action.scale.invalid-replicas'],
      [-1, 'action.scale.invalid-replicas'],
      [Number.NaN, 'action.scale.invalid-replicas'],
    ] as const) {
      const { env, calls } = fakeEnv('Deployment', 2);
      expect(await keyOf(runScale(scale(replicas), env))).toBe(key);
      expect(calls).toEqual([]);
    }
  });

  it('refuses DaemonSets', async () => {
    const { env, calls } = fakeEnv('DaemonSet', 2);
    expect(await keyOf(runScale(scale(3), env))).toBe('action.scale.unsupported-kind');
    expect(calls).toEqual([]);
  });

  it('merge-patches the count with the resourceVersion it read, and reports old → new', async () => {
    const { env, calls } = fakeEnv('StatefulSet', 2);
    const out = await runScale(scale(4), env);
    expect(out.summary).toEqual({
      key: 'action.scale.done',
      params: { kind: 'statefulset', name: 'web', namespace: 'shop', from: 2, to: 4 },
    });
    expect(calls.map((c) => c.method)).toEqual(['read', 'patch']);
    expect(calls[1]?.args).toEqual({ metadata: { resourceVersion: '1' }, spec: { replicas: 4 } });
  });

  it('does not write when the count is already right', async () => {
    const { env, calls } = fakeEnv('Deployment', 3);
    expect((await runScale(scale(3), env)).summary.key).toBe('action.scale.unchanged');
    expect(calls.map((c) => c.method)).toEqual(['read']);
  });

  it('re-reads and retries on a conflict, a bounded number of times', async () => {
    const once = fakeEnv('Deployment', 2, { conflicts: 1 });
    expect((await runScale(scale(4), once.env)).summary.key).toBe('action.scale.done');
    expect(once.calls.map((c) => c.method)).toEqual(['read', 'patch', 'read', 'patch']);
    expect(once.calls[3]?.args).toMatchObject({ metadata: { resourceVersion: '2' } });

    const always = fakeEnv('Deployment', 2, { conflicts: 10 });
    const err: unknown = await runScale(scale(4), always.env).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiException);
    expect(always.calls.filter((c) => c.method === 'patch')).toHaveLength(3);
  });
});
