import { ApiException, type AppsV1Api, type CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { ActionEnv } from '../../../src/actions/action-env.ts';
import { runLogs } from '../../../src/actions/logs.ts';
import { isUserFacingError } from '../../../src/errors.ts';
import { UNUSED_DAY2_ENV } from './support/day2-env.ts';

function pod(name: string, second: number, containers: string[]): V1Pod {
  return {
    metadata: {
      name,
      creationTimestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, second)),
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-rs', uid: 'rs-uid', controller: true },
      ],
    },
    spec: { containers: containers.map((c) => ({ name: c })) },
  };
}

/** Logs come from `logFor(pod, container)`: a string, or an error to throw. */
function fakeEnv(pods: V1Pod[], logFor: (pod: string, container: string) => string | Error) {
  const requests: { name: string; container?: string; limitBytes?: number; tailLines?: number }[] = [];
  // Only the calls logs makes are faked (pods, their logs, the Deployment's ReplicaSets); casts keep the fake small.
  const core = {
    listNamespacedPod: () => Promise.resolve({ items: pods }),
    readNamespacedPodLog: (req: {
      name: string;
      container: string;
      limitBytes: number;
      tailLines: number;
    }) => {
      requests.push(req);
      const out = logFor(req.name, req.container);
      return out instanceof Error ? Promise.reject(out) : Promise.resolve(out.slice(0, req.limitBytes));
    },
  } as unknown as CoreV1Api;
  const env: ActionEnv = {
    ...UNUSED_DAY2_ENV,
    apps: {
      listNamespacedReplicaSet: () =>
        Promise.resolve({
          items: [
            {
              metadata: {
                name: 'web-rs',
                uid: 'rs-uid',
                ownerReferences: [
                  {
                    apiVersion: 'apps/v1',
                    kind: 'Deployment',
                    name: 'web',
                    uid: 'web-uid',
                    controller: true,
                  },
                ],
              },
            },
          ],
        }),
    } as unknown as AppsV1Api,
    core,
    getJson: () => Promise.reject(new Error('not used')),
    ctx: {
      target: { kind: 'Deployment', namespace: 'shop', name: 'web' },
      signal: new AbortController().signal,
    },
    now: () => new Date(0),
    readTarget: () =>
      Promise.resolve({
        kind: 'Deployment',
        obj: {
          metadata: { uid: 'web-uid' },
          spec: { selector: { matchLabels: { app: 'web' } }, template: {} },
        },
      }),
    followRollout: () => Promise.reject(new Error('not used')),
  };
  return { env, requests };
}

const logs = (over: { container?: string; maxBytes?: number } = {}) =>
  ({ type: 'logs', tailLines: 50, maxBytes: 1000, previous: false, ...over }) as const;

describe('runLogs', () => {
  it('splits the byte budget, asks the server for one byte more, and marks cut blocks', async () => {
    const { env, requests } = fakeEnv([pod('a', 1, ['app']), pod('b', 2, ['app'])], (p) =>
      p === 'a' ? 'x'.repeat(5000) : 'short\n',
    );
    const out = await runLogs(logs({ maxBytes: 1000 }), env);
    expect(requests.map((r) => [r.name, r.limitBytes, r.tailLines])).toEqual([
      ['b', 501, 50],
      ['a', 501, 50],
    ]);
    expect(out.blocks).toEqual([
      {
        heading: { key: 'action.logs.pod', params: { pod: 'b', container: 'app', bytes: 500 } },
        text: 'short',
      },
      {
        heading: { key: 'action.logs.pod-cut', params: { pod: 'a', container: 'app', bytes: 500 } },
        text: 'x'.repeat(500),
      },
    ]);
  });

  it('turns a one-pod problem (400/404) into a note in that pod’s block', async () => {
    const notStarted = new ApiException(
      400,
      'x',
      JSON.stringify({ message: 'container "app" in pod "a" is waiting to start: ContainerCreating' }),
      {},
    );
    const { env } = fakeEnv([pod('a', 1, ['app']), pod('b', 2, ['app'])], (p) =>
      p === 'a' ? notStarted : '',
    );
    const out = await runLogs(logs(), env);
    expect(out.blocks).toEqual([
      { heading: { key: 'action.logs.pod-empty', params: { pod: 'b', container: 'app' } }, text: '' },
      {
        heading: { key: 'action.logs.pod-unavailable', params: { pod: 'a', container: 'app' } },
        text: 'container "app" in pod "a" is waiting to start: ContainerCreating',
      },
    ]);
  });

  it('lets other failures (403) fail the action', async () => {
    const forbidden = new ApiException(403, 'x', '{}', {});
    const { env } = fakeEnv([pod('a', 1, ['app'])], () => forbidden);
    await expect(runLogs(logs(), env)).rejects.toBe(forbidden);
  });

  it('skips pods without the requested container, and refuses when no pod has it', async () => {
    const { env, requests } = fakeEnv(
      [pod('old', 1, ['app']), pod('new', 2, ['app', 'sidecar'])],
      () => 'hi',
    );
    const out = await runLogs(logs({ container: 'sidecar' }), env);
    expect(requests.map((r) => [r.name, r.container])).toEqual([['new', 'sidecar']]);
    expect(out.blocks?.[1]).toEqual({
      heading: { key: 'action.logs.pod-missing-container', params: { pod: 'old', container: 'sidecar' } },
      text: 'app',
    });

    const none = fakeEnv([pod('a', 1, ['app', 'web'])], () => 'hi');
    const err: unknown = await runLogs(logs({ container: 'db' }), none.env).catch((e: unknown) => e);
    expect(isUserFacingError(err) && err.userMessage).toEqual({
      key: 'action.logs.container-not-found',
      params: { container: 'db', pod: 'a', containers: 'app, web' },
    });
    expect(none.requests).toEqual([]);
  });

  it('refuses nonsensical options before any API call', async () => {
    const { env, requests } = fakeEnv([pod('a', 1, ['app'])], () => 'hi');
    const err: unknown = await runLogs(
      { type: 'logs', tailLines: 0, maxBytes: 10, previous: false },
      env,
    ).catch((e: unknown) => e);
    expect(isUserFacingError(err) && err.userMessage.key).toBe('action.logs.invalid-options');
    expect(requests).toEqual([]);
  });
});
