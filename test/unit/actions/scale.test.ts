import { ApiException, type AppsV1Api, type CoreV1Api, type V1Scale } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { ActionEnv } from '../../../src/actions/action-env.ts';
import { buildScalePatch, runScale } from '../../../src/actions/scale.ts';
import type { ActionContext, WorkloadKind } from '../../../src/actions/types.ts';
import { isUserFacingError } from '../../../src/errors.ts';
import { DEFAULT_CONFLICT_ATTEMPTS } from '../../../src/kube/retry-on-conflict.ts';
import { UNUSED_DAY2_ENV } from './support/day2-env.ts';

interface Call {
  readonly method: string;
  readonly args: unknown;
}

type PatchOp = { op: string; path: string; value: unknown };

function status(code: number, reason: string): ApiException<string> {
  return new ApiException(code, 'x', JSON.stringify({ code, reason }), {});
}

/**
 * A fake scale subresource that applies JSON patches like the API server: a failed `test` is a bare 422.
 * `moves` scripts another writer changing the replicas just before each of our patches; `refuse` answers
 * 422 to every patch without a race (a value the server will not take).
 */
function fakeEnv(
  kind: WorkloadKind,
  replicas: number,
  opts: { moves?: number; refuse?: boolean; conflicts?: number } = {},
): { env: ActionEnv; calls: Call[] } {
  const calls: Call[] = [];
  let moves = opts.moves ?? 0;
  let conflicts = opts.conflicts ?? 0;
  const read = (args: unknown): Promise<V1Scale> => {
    calls.push({ method: 'read', args });
    return Promise.resolve({ spec: replicas === 0 ? {} : { replicas } });
  };
  const patch = (args: { body: PatchOp[] }): Promise<V1Scale> => {
    calls.push({ method: 'patch', args: args.body });
    if (conflicts > 0) {
      conflicts--;
      return Promise.reject(status(409, 'Conflict'));
    }
    if (moves > 0) {
      moves--;
      replicas += 10;
    }
    if (opts.refuse) return Promise.reject(status(422, 'Invalid'));
    const [test, add] = args.body;
    const spec = replicas === 0 ? {} : { replicas };
    const tested = test?.path === '/spec' ? spec : spec.replicas;
    if (JSON.stringify(tested) !== JSON.stringify(test?.value)) return Promise.reject(status(422, 'Invalid'));
    replicas = Number(add?.value);
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
    ...UNUSED_DAY2_ENV,
    apps,
    core: {} as CoreV1Api,
    getJson: () => Promise.reject(new Error('not used')),
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

  it('patches the count on the condition that it is still what was read, and reports old → new', async () => {
    const { env, calls } = fakeEnv('StatefulSet', 2);
    const out = await runScale(scale(4), env);
    expect(out.summary).toEqual({
      key: 'action.scale.done',
      params: { kind: 'statefulset', name: 'web', namespace: 'shop', from: 2, to: 4 },
    });
    expect(calls.map((c) => c.method)).toEqual(['read', 'patch']);
    expect(calls[1]?.args).toEqual([
      { op: 'test', path: '/spec/replicas', value: 2 },
      { op: 'add', path: '/spec/replicas', value: 4 },
    ]);
  });

  it('tests "still 0" as an empty spec, because a Scale omits replicas: 0', async () => {
    expect(buildScalePatch(0, 3)).toEqual([
      { op: 'test', path: '/spec', value: {} },
      { op: 'add', path: '/spec/replicas', value: 3 },
    ]);
    const { env } = fakeEnv('Deployment', 0);
    expect((await runScale(scale(3, 0), env)).summary).toMatchObject({ params: { from: 0, to: 3 } });
  });

  it('does not write when the count is already right', async () => {
    const { env, calls } = fakeEnv('Deployment', 3);
    expect((await runScale(scale(3), env)).summary.key).toBe('action.scale.unchanged');
    expect(calls.map((c) => c.method)).toEqual(['read']);
  });

  it('re-reads and retries when the replicas moved under it, a bounded number of times', async () => {
    const once = fakeEnv('Deployment', 2, { moves: 1 });
    expect((await runScale(scale(4), once.env)).summary).toMatchObject({ params: { from: 12, to: 4 } });
    // patch (422), read to tell a lost race from a refusal, then the next attempt's read and patch.
    expect(once.calls.map((c) => c.method)).toEqual(['read', 'patch', 'read', 'read', 'patch']);

    const always = fakeEnv('Deployment', 2, { moves: 100 });
    expect(await keyOf(runScale(scale(4), always.env))).toBe('action.conflict');
    expect(always.calls.filter((c) => c.method === 'patch')).toHaveLength(DEFAULT_CONFLICT_ATTEMPTS);
  });

  it('retries a 409 too, and passes a real refusal through at once', async () => {
    const conflict = fakeEnv('Deployment', 2, { conflicts: 2 });
    expect((await runScale(scale(4), conflict.env)).summary.key).toBe('action.scale.done');

    const refused = fakeEnv('Deployment', 2, { refuse: true });
    const err: unknown = await runScale(scale(4), refused.env).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiException);
    expect(refused.calls.filter((c) => c.method === 'patch')).toHaveLength(1);
  });
});
