// setUpDemo against the real cluster: everything the demo needs, idempotent, and never someone else's namespace.
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { CRD_NAME } from '../../../src/api/chat-command.ts';
import { repoRoot } from '../../../tools/local-cluster/index.ts';
import { RUNNER_ROLE_RULES } from '../../../src/actions/runner-rbac.ts';
import { setUpDemo, tearDownDemo } from '../../../scripts/demo-setup.ts';
import {
  clusterUnavailableReason,
  createTestNamespace,
  deleteTestNamespace,
  getTestCluster,
} from '../../support/cluster.ts';

const skip = clusterUnavailableReason() !== '';

describe.skipIf(skip)('setUpDemo (e2e)', () => {
  const namespaces: string[] = [];
  afterAll(async () => {
    for (const ns of namespaces) await deleteTestNamespace(ns);
  });

  it('creates the CRD, the namespace, a rolled-out web, the runner and five ChatCommands; twice is fine', async () => {
    const { state, kc, core, apps } = getTestCluster();
    const namespace = `demo-${Date.now().toString(36)}`;
    namespaces.push(namespace);
    const lines: string[] = [];
    const demo = await setUpDemo({ kubeconfig: state.kubeconfig, namespace, progress: (l) => lines.push(l) });
    expect(demo.rolledOut).toBe(true);
    expect(demo.commands).toEqual(['scale-web', 'restart-web', 'status-web', 'logs-web', 'undo-web']);
    expect(lines.some((l) => /deployment\/web: 2\/2 replicas available/.test(l))).toBe(true);

    const ns = await core.readNamespace({ name: namespace });
    expect(ns.metadata?.labels?.['app.kubernetes.io/managed-by']).toBe('kubetalk-demo');
    const web = await apps.readNamespacedDeployment({ name: 'web', namespace });
    expect(web.status?.availableReplicas).toBe(2);
    await core.readNamespacedServiceAccount({ name: 'kubetalk-runner', namespace });
    const rbac = kc.makeApiClient(k8s.RbacAuthorizationV1Api);
    const role = await rbac.readNamespacedRole({ name: 'kubetalk-runner', namespace });
    expect(role.rules).toEqual(RUNNER_ROLE_RULES);
    const binding = await rbac.readNamespacedRoleBinding({ name: 'kubetalk-runner', namespace });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'kubetalk-runner', namespace }]);
    const list = (await kc.makeApiClient(k8s.CustomObjectsApi).listNamespacedCustomObject({
      group: 'kubetalk.io',
      version: 'v1alpha1',
      plural: 'chatcommands',
      namespace,
    })) as { items: Array<{ spec: { trigger: string; aliases?: string[] } }> };
    expect(list.items.map((i) => [i.spec.trigger, ...(i.spec.aliases ?? [])].join('/')).sort()).toEqual([
      'logs/日志',
      'restart/重启',
      'scale/扩容/扩缩容',
      'status/状态',
      'undo/回滚',
    ]);

    // The CRD went over the wire whole. `versions` is an atomic list, so the demo's apply replaces all of it:
    // through client-node's typed serializer 7 of the 9 CEL rules were dropped, and the CRD stopped enforcing them.
    const served = getTestCluster().plane.kubectl(['get', 'crd', CRD_NAME, '-o', 'json']);
    const crdFile = readFileSync(join(repoRoot, 'crds', 'kubetalk.io_chatcommands.yaml'), 'utf8');
    // 13 blocks of CEL rules today (the day-2 actions added two, approvals two); the served CRD must carry every one.
    expect(crdFile.split('x-kubernetes-validations:').length - 1).toBe(13);
    expect(served.split('"x-kubernetes-validations"').length - 1).toBe(13);

    const again = await setUpDemo({ kubeconfig: state.kubeconfig, namespace });
    expect(again.rolledOut).toBe(true);

    expect(await tearDownDemo(state.kubeconfig, namespace)).toBe(true);
    const phase = await core
      .readNamespace({ name: namespace })
      .then((n) => n.status?.phase)
      .catch(() => 'gone');
    expect(['Terminating', 'gone']).toContain(phase);
  });

  it('refuses to take over, or delete, a namespace it did not create', async () => {
    const { state } = getTestCluster();
    const foreign = await createTestNamespace('not-demo');
    namespaces.push(foreign);
    await expect(setUpDemo({ kubeconfig: state.kubeconfig, namespace: foreign })).rejects.toThrow(
      /already exists and was not created by the demo/,
    );
    expect(await tearDownDemo(state.kubeconfig, foreign)).toBe(false);
    await getTestCluster().core.readNamespace({ name: foreign });
  });
});
