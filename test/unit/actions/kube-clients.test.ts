import type { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readApiStatus } from '../../../src/kube/api-status.ts';
import { createRunnerClients, formatRunnerUser } from '../../../src/kube/clients.ts';
import { startFakeApiServer, type FakeApiServer, type SeenRequest } from '../../support/fake-api-server.ts';

/** A ReplicaSet list with a pod-spec field client-node's models do not have: a raw read must keep it. */
const RAW_LIST = {
  kind: 'ReplicaSetList',
  items: [
    {
      metadata: { name: 'web-1', creationTimestamp: '2026-01-01T00:00:00Z' },
      spec: { template: { spec: { containers: [{ name: 'app' }], fieldFromTheFuture: { on: true } } } },
    },
  ],
};
const NOT_FOUND = { kind: 'Status', code: 404, reason: 'NotFound', message: 'replicasets "x" not found' };

/** A fake API server that records what it was sent, and can be told to hang. */
let api: FakeApiServer;
let seen: SeenRequest[];
let kc: KubeConfig;

beforeAll(async () => {
  api = await startFakeApiServer('controller-token', (req, res) => {
    if (req.url.includes('hang')) return; // never answers
    if (req.url.includes('/replicasets')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(RAW_LIST));
      return;
    }
    if (req.url.includes('/missing')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify(NOT_FOUND));
      return;
    }
    if (req.url.includes('/log')) {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('line 1\n');
      return;
    }
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ kind: 'Scale', spec: { replicas: 3 } }));
  });
  ({ seen, kc } = api);
});

afterAll(() => {
  api.close();
});

describe('createRunnerClients', () => {
  it('impersonates the runner on every call, logs and patches included, with the controller’s own credentials', async () => {
    seen.length = 0;
    const { apps, core, user } = createRunnerClients(kc, {
      namespace: 'shop',
      runnerName: 'kubetalk-runner',
    });
    expect(user).toBe('system:serviceaccount:shop:kubetalk-runner');
    await apps.readNamespacedDeploymentScale({ name: 'web', namespace: 'shop' });
    await core.readNamespacedPodLog({ name: 'web-1', namespace: 'shop', limitBytes: 10 });
    await apps.patchNamespacedDeploymentScale({
      name: 'web',
      namespace: 'shop',
      body: { spec: { replicas: 2 } },
    });
    expect(seen).toHaveLength(3);
    for (const r of seen) {
      expect(r.headers['impersonate-user']).toBe(user);
      expect(r.headers['authorization']).toBe('Bearer controller-token');
      expect(r.headers['user-agent']).toMatch(/^kubetalk\//);
    }
    expect(seen[1]?.url).toBe('/api/v1/namespaces/shop/pods/web-1/log?limitBytes=10');
  });

  it('reads raw JSON through the same identity, keeping fields the typed models would drop', async () => {
    seen.length = 0;
    const { apps, getJson, user } = createRunnerClients(kc, {
      namespace: 'shop',
      runnerName: 'kubetalk-runner',
    });
    const raw = await getJson('/apis/apps/v1/namespaces/shop/replicasets', {
      labelSelector: 'app=web,tier in (a)',
    });
    expect(raw).toEqual(RAW_LIST);
    const typed = await apps.listNamespacedReplicaSet({ namespace: 'shop' });
    expect(JSON.stringify(typed)).not.toContain('fieldFromTheFuture');
    expect(seen[0]?.url).toBe(
      '/apis/apps/v1/namespaces/shop/replicasets?labelSelector=app%3Dweb%2Ctier+in+%28a%29',
    );
    expect(seen[0]?.headers['impersonate-user']).toBe(user);
    expect(seen[0]?.headers['authorization']).toBe('Bearer controller-token');
    expect(seen[0]?.headers['accept']).toBe('application/json');

    const err: unknown = await getJson('/apis/apps/v1/namespaces/shop/missing/x').catch((e: unknown) => e);
    expect(readApiStatus(err)).toMatchObject({ code: 404, reason: 'NotFound' });
  });

  it('aborts a request when the action signal fires', async () => {
    const controller = new AbortController();
    const { apps } = createRunnerClients(
      kc,
      { namespace: 'hang', runnerName: 'r' },
      { signal: controller.signal },
    );
    const call = apps.readNamespacedDeploymentScale({ name: 'web', namespace: 'hang' });
    setTimeout(() => controller.abort(), 50);
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('bounds every single request by the per-call timeout', async () => {
    const { apps } = createRunnerClients(kc, { namespace: 'hang', runnerName: 'r' }, { callTimeoutMs: 50 });
    await expect(
      apps.readNamespacedDeploymentScale({ name: 'web', namespace: 'hang' }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});

describe('formatRunnerUser', () => {
  it('is the ServiceAccount user name the API server knows', () => {
    expect(formatRunnerUser({ namespace: 'a', runnerName: 'b' })).toBe('system:serviceaccount:a:b');
  });
});
