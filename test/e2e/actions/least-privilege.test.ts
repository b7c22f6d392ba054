// Impersonation is what grants access: no RoleBinding → forbidden, the controller alone can do nothing, and
// API trouble (aborted calls, unreachable server) becomes a clear chat message.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as k8s from '@kubernetes/client-node';
import { createKubeActionRunner } from '../../../src/actions/runner.ts';
import { readApiStatus } from '../../../src/kube/api-status.ts';
import type { ActionRunner } from '../../../src/actions/types.ts';
import {
  clusterUnavailableReason,
  deleteTestNamespace,
  deploymentManifest,
  getTestCluster,
} from '../../support/cluster.ts';
import {
  CONTROLLER_USER,
  contextFor,
  createRunner,
  createRunnerNamespace,
  rejectionMessage,
  getController,
  waitDeploymentDone,
} from './runner-fixture.ts';

const skip = clusterUnavailableReason() !== '';

/** A port nothing listens on: bound once by us, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe.skipIf(skip)('least privilege', () => {
  let granted = '';
  let bare = '';
  let runner: ActionRunner;
  beforeAll(async () => {
    [granted, bare] = await Promise.all([
      createRunnerNamespace('granted'),
      createRunnerNamespace('bare', { rbac: false }),
    ]);
    runner = await createRunner();
    const { apps } = getTestCluster();
    await apps.createNamespacedDeployment({
      namespace: granted,
      body: deploymentManifest('web', granted, 1),
    });
    await apps.createNamespacedDeployment({ namespace: bare, body: deploymentManifest('web', bare, 1) });
    await Promise.all([waitDeploymentDone(granted, 'web'), waitDeploymentDone(bare, 'web')]);
  });
  afterAll(async () => {
    await Promise.all([deleteTestNamespace(granted), deleteTestNamespace(bare)]);
  });

  it('a runner without RBAC in its namespace is forbidden, the message names it, and nothing changes', async () => {
    const { apps } = getTestCluster();
    const before = await apps.readNamespacedDeployment({ name: 'web', namespace: bare });
    const runnerUser = `system:serviceaccount:${bare}:kubetalk-runner`;
    const scale = await rejectionMessage(
      runner.run(
        { type: 'scale', replicas: 2, minReplicas: 1, maxReplicas: 3 },
        contextFor('Deployment', bare, 'web'),
      ),
    );
    expect(scale).toEqual({
      key: 'action.forbidden',
      params: { runner: runnerUser, verb: 'get', resource: 'deployments/scale.apps', namespace: bare },
    });
    const restart = await rejectionMessage(
      runner.run({ type: 'restart', timeoutSeconds: 5 }, contextFor('Deployment', bare, 'web')),
    );
    expect(restart).toMatchObject({
      key: 'action.forbidden',
      params: { runner: runnerUser, verb: 'get', resource: 'deployments.apps' },
    });
    const logs = await rejectionMessage(
      runner.run(
        { type: 'logs', tailLines: 5, maxBytes: 1000, previous: false },
        contextFor('Deployment', bare, 'web'),
      ),
    );
    expect(logs.key).toBe('action.forbidden');
    const after = await apps.readNamespacedDeployment({ name: 'web', namespace: bare });
    // Not the resourceVersion: the controller-manager's status writes move it. The spec must not move.
    expect(after.metadata?.generation).toBe(before.metadata?.generation);
    expect(after.spec).toEqual(before.spec);
  });

  it('the controller identity itself cannot scale or read anything directly', async () => {
    const { apps } = await getController();
    const err: unknown = await apps
      .patchNamespacedDeploymentScale(
        { name: 'web', namespace: granted, body: { spec: { replicas: 3 } } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(k8s.ApiException);
    expect(readApiStatus(err)?.code).toBe(403);
    expect(readApiStatus(err)?.message).toContain(
      `User "${CONTROLLER_USER}" cannot patch resource "deployments/scale"`,
    );
    const read: unknown = await apps
      .readNamespacedDeployment({ name: 'web', namespace: granted })
      .catch((e: unknown) => e);
    expect(readApiStatus(read)?.code).toBe(403);
  });

  it('while the same controller, impersonating the runner, may scale; the audit log shows both identities', async () => {
    const out = await runner.run(
      { type: 'scale', replicas: 2, minReplicas: 1, maxReplicas: 3 },
      contextFor('Deployment', granted, 'web'),
    );
    expect(out.summary.key).toBe('action.scale.done');
    const { state } = getTestCluster();
    const entries = readFileSync(join(state.stateDir, 'logs', 'audit.log'), 'utf8')
      .split('\n')
      .filter(
        (l) => l.includes(`/namespaces/${granted}/deployments/web/scale`) && l.includes('"verb":"patch"'),
      )
      .map(
        (l) =>
          JSON.parse(l) as {
            user: { username: string };
            impersonatedUser?: { username: string };
            responseStatus?: { code: number };
          },
      );
    const succeeded = entries.filter((e) => e.responseStatus?.code === 200);
    expect(succeeded.length).toBeGreaterThan(0);
    for (const e of succeeded) {
      expect(e.user.username).toBe(CONTROLLER_USER);
      expect(e.impersonatedUser?.username).toBe(`system:serviceaccount:${granted}:kubetalk-runner`);
    }
    // The controller's own attempt (previous test) was denied: without impersonation it has no rights.
    const direct = entries.filter((e) => e.impersonatedUser === undefined);
    expect(direct.every((e) => e.responseStatus?.code === 403)).toBe(true);
  });

  it('a runner name the controller may not impersonate gets an operator-facing message', async () => {
    const other = await createRunner({ runnerName: 'someone-else' });
    const msg = await rejectionMessage(
      other.run({ type: 'status', timeoutSeconds: 5 }, contextFor('Deployment', granted, 'web')),
    );
    expect(msg).toEqual({
      key: 'action.impersonation-forbidden',
      params: {
        controller: CONTROLLER_USER,
        runner: `system:serviceaccount:${granted}:someone-else`,
        runnerName: 'someone-else',
        namespace: granted,
      },
    });
  });

  it('an aborted signal stops the action before anything changes', async () => {
    const { apps } = getTestCluster();
    const before = await apps.readNamespacedDeployment({ name: 'web', namespace: granted });
    const msg = await rejectionMessage(
      runner.run(
        { type: 'scale', replicas: 3, minReplicas: 1, maxReplicas: 3 },
        contextFor('Deployment', granted, 'web', { signal: AbortSignal.abort() }),
      ),
    );
    expect(msg.key).toBe('action.timeout');
    const after = await apps.readNamespacedDeployment({ name: 'web', namespace: granted });
    // resourceVersion moves with status updates from the controller-manager; the spec must not.
    expect(after.metadata?.generation).toBe(before.metadata?.generation);
    expect(after.spec?.replicas).toBe(before.spec?.replicas);
  });

  it('an unreachable API server is reported as such', async () => {
    const { kc } = await getController();
    const cluster = kc.getCurrentCluster();
    const offline = new k8s.KubeConfig();
    offline.loadFromOptions({
      clusters: [{ ...cluster, name: 'offline', server: `https://127.0.0.1:${await closedPort()}` }],
      users: kc.users,
      contexts: [{ name: 'offline', cluster: 'offline', user: kc.getCurrentUser()?.name ?? '' }],
      currentContext: 'offline',
    });
    const unreachable = createKubeActionRunner({ kc: offline });
    const msg = await rejectionMessage(
      unreachable.run({ type: 'status', timeoutSeconds: 5 }, contextFor('Deployment', granted, 'web')),
    );
    expect(msg.key).toBe('action.api-unavailable');
  });
});
