// `helm install` into the real control plane, then the controller runs with the chart's ServiceAccount token.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeKubeconfig } from '../../../tools/local-cluster/index.ts';
import {
  createTestNamespace,
  deleteTestNamespace,
  deploymentManifest,
  eventually,
  getTestCluster,
  clusterUnavailableReason,
} from '../../support/cluster.ts';
import { adminClient, applyChatCommand, APP_SECRET, waitForReady } from '../../support/chat-harness.ts';
import { startControllerProcess, type ControllerProcess } from '../../support/controller-process.ts';
import {
  createCallbackBuilder,
  sendCallback,
  startDingTalkWebhookServer,
  type DingTalkWebhookServer,
} from '../../support/dingtalk/index.ts';
import { CHART_DIR, helm, installChart } from '../../support/helm.ts';

const skip = clusterUnavailableReason() !== '';
const RELEASE = 'kt';
const GROUP = 'cidChartGroup==';

/** The env the chart gives the container, resolved the way the kubelet would (secrets become files). */
async function containerEnv(releaseNs: string): Promise<Record<string, string>> {
  const { apps, core } = getTestCluster();
  const d = await apps.readNamespacedDeployment({ name: `${RELEASE}-kubetalk`, namespace: releaseNs });
  const pod = d.spec?.template.spec;
  const c = pod?.containers[0];
  const dir = mkdtempSync(join(tmpdir(), 'kubetalk-secret-'));
  const volume = pod?.volumes?.find((v) => v.name === 'app-secret');
  const secret = await core.readNamespacedSecret({
    name: volume?.secret?.secretName ?? '',
    namespace: releaseNs,
  });
  for (const item of volume?.secret?.items ?? []) {
    writeFileSync(join(dir, item.path), Buffer.from(secret.data?.[item.key] ?? '', 'base64'));
  }
  const env: Record<string, string> = {};
  for (const e of c?.env ?? []) {
    if (e.value !== undefined) env[e.name] = e.value.replace('/var/run/secrets/kubetalk', dir);
    else if (e.valueFrom?.fieldRef?.fieldPath === 'metadata.name') env[e.name] = 'kt-pod-0';
    else if (e.valueFrom?.fieldRef?.fieldPath === 'metadata.namespace') env[e.name] = releaseNs;
  }
  // Networking is the kubelet's business; here the process listens on free loopback ports.
  return {
    ...env,
    KUBETALK_PUBLIC_PORT: '0',
    KUBETALK_INTERNAL_PORT: '0',
    KUBETALK_BIND_ADDRESS: '127.0.0.1',
  };
}

/** A kubeconfig carrying a TokenRequest token of the chart's ServiceAccount: exactly its RBAC, nothing more. */
async function serviceAccountKubeconfig(releaseNs: string): Promise<string> {
  const { core, state, plane } = getTestCluster();
  const tr = await core.createNamespacedServiceAccountToken({
    name: `${RELEASE}-kubetalk`,
    namespace: releaseNs,
    body: { spec: { expirationSeconds: 3600, audiences: [] } },
  });
  const token = tr.status?.token ?? '';
  expect(token).not.toBe('');
  return writeKubeconfig(
    join(state.stateDir, `chart-sa-${releaseNs}.kubeconfig`),
    state.server,
    plane.pkiFiles.caCert,
    { token },
  );
}

describe.skipIf(skip)('helm install', () => {
  let releaseNs = '';
  let withRunner = '';
  let withoutRunner = '';
  let kubeconfig = '';
  let webhook: DingTalkWebhookServer;
  let controller: ControllerProcess | undefined;
  const builder = createCallbackBuilder();

  const start = async (): Promise<ControllerProcess> => {
    const env = await containerEnv(releaseNs);
    const proc = await startControllerProcess({
      ...env,
      KUBECONFIG: kubeconfig,
      // The chart's rights stay cluster-wide; the process watches only this file's namespaces, because the plane
      // is shared with other e2e files whose ChatCommands' status it must not write.
      KUBETALK_NAMESPACES: `${withRunner},${withoutRunner}`,
      KUBETALK_REPLY_ALLOW_INSECURE_HTTP: 'true',
      KUBETALK_RESYNC_SECONDS: '2',
    });
    await eventually('ready', async () =>
      (await fetch(`${proc.internalUrl}/readyz`)).ok ? true : undefined,
    );
    return proc;
  };
  const say = async (text: string) => {
    const body = builder.buildGroupMessage({
      message: text,
      conversationId: GROUP,
      sender: { staffId: 'alice01', nick: 'Alice' },
      sessionWebhook: webhook.createSession(),
    });
    const res = await sendCallback(`${controller?.publicUrl ?? ''}/callbacks/dingtalk`, body, {
      secret: APP_SECRET,
    });
    expect(res.status).toBe(200);
    const [reply] = await webhook.waitForMessages(1, { session: body.sessionWebhook, timeoutMs: 30_000 });
    return reply?.text ?? '';
  };

  beforeAll(async () => {
    releaseNs = await createTestNamespace('kubetalk-system');
    withRunner = await createTestNamespace('shop');
    withoutRunner = await createTestNamespace('bare');
    webhook = await startDingTalkWebhookServer();
    const { state } = getTestCluster();
    installChart({
      release: RELEASE,
      namespace: releaseNs,
      appSecret: APP_SECRET,
      runnerNamespaces: [withRunner],
      replyHost: webhook.host,
      kubeconfig: state.kubeconfig,
    });
    kubeconfig = await serviceAccountKubeconfig(releaseNs);
    const { apps } = getTestCluster();
    for (const ns of [withRunner, withoutRunner]) {
      await apps.createNamespacedDeployment({ namespace: ns, body: deploymentManifest('web', ns, 1) });
    }
  });
  afterAll(async () => {
    await controller?.stop();
    await webhook?.close();
    try {
      helm(['uninstall', RELEASE, '--namespace', releaseNs], getTestCluster().state.kubeconfig);
    } catch {
      // already uninstalled by the test
    }
    for (const ns of [releaseNs, withRunner, withoutRunner]) await deleteTestNamespace(ns);
  });

  it('installs, and the CRD is Established', () => {
    const { plane } = getTestCluster();
    const established = plane.kubectl([
      'get',
      'crd',
      'chatcommands.kubetalk.io',
      '-o',
      'jsonpath={.status.conditions[?(@.type=="Established")].status}',
    ]);
    expect(established).toBe('True');
    expect(helm(['status', RELEASE, '-n', releaseNs], getTestCluster().state.kubeconfig)).toMatch(
      /STATUS: deployed/,
    );
  });

  it('runs the controller with exactly the chart ServiceAccount rights: watch, status, Events, impersonation', async () => {
    controller = await start();
    const rig = adminClient();
    for (const [ns, name, trigger] of [
      [withRunner, 'scale-shop', 'scale'],
      // A trigger of its own: "scale bare" would meet scale-shop's "scale" from another namespace and be listed.
      [withoutRunner, 'scale-bare', 'enlarge'],
    ] as const) {
      await applyChatCommand(rig, {
        name,
        namespace: ns,
        spec: {
          trigger,
          targets: { kind: 'Deployment', names: ['web'] },
          action: { scale: { minReplicas: 1, maxReplicas: 4 } },
          allow: { conversations: [GROUP], users: ['*'] },
        },
      });
    }
    await waitForReady(rig, withRunner, 'scale-shop', 'Accepted');
    const missing = await waitForReady(rig, withoutRunner, 'scale-bare', 'RunnerMissing');
    expect(missing.message).toContain('kubetalk-runner');

    expect(await say('scale web 3')).toMatch(/1 → 3/);
    await eventually('scaled', async () =>
      (await getTestCluster().apps.readNamespacedDeployment({ name: 'web', namespace: withRunner })).spec
        ?.replicas === 3
        ? true
        : undefined,
    );
    // The audit Event is written alongside the reply, not before it.
    await eventually('CommandSucceeded Event', async () => {
      const events = await getTestCluster().core.listNamespacedEvent({
        namespace: withRunner,
        fieldSelector: 'involvedObject.name=scale-shop',
      });
      return events.items.some((e) => e.reason === 'CommandSucceeded') ? true : undefined;
    });

    const refusal = await say('enlarge web 2');
    expect(refusal).toMatch(/has no ServiceAccount \*\*kubetalk-runner\*\*/);
    expect(refusal).toMatch(/Nothing was changed/);
    expect(
      (await getTestCluster().apps.readNamespacedDeployment({ name: 'web', namespace: withoutRunner })).spec
        ?.replicas,
    ).toBe(1);
  });

  it('cannot scale anything with the controller identity itself', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(kubeconfig);
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    await expect(
      apps.patchNamespacedDeploymentScale(
        { name: 'web', namespace: withRunner, body: { spec: { replicas: 4 } } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      ),
    ).rejects.toMatchObject({ code: 403 });
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await expect(core.listNamespacedSecret({ namespace: releaseNs })).rejects.toMatchObject({ code: 403 });
    // ServiceAccounts: list/watch only by the runner's exact name (the API server matches the fieldSelector against
    // resourceNames), never all of them, never another name, and no get, create or token.
    const runnerOnly = 'metadata.name=kubetalk-runner';
    const listed = await core.listServiceAccountForAllNamespaces({ fieldSelector: runnerOnly });
    expect(listed.items.map((sa) => sa.metadata?.namespace)).toContain(withRunner);
    expect(listed.items.every((sa) => sa.metadata?.name === 'kubetalk-runner')).toBe(true);
    await expect(core.listServiceAccountForAllNamespaces()).rejects.toMatchObject({ code: 403 });
    await expect(
      core.listNamespacedServiceAccount({ namespace: withRunner, fieldSelector: 'metadata.name=default' }),
    ).rejects.toMatchObject({ code: 403 });
    await expect(
      core.readNamespacedServiceAccount({ name: 'kubetalk-runner', namespace: withRunner }),
    ).rejects.toMatchObject({ code: 403 });
    await expect(
      core.createNamespacedServiceAccountToken({
        name: 'kubetalk-runner',
        namespace: withRunner,
        body: { spec: { audiences: [] } },
      }),
    ).rejects.toMatchObject({ code: 403 });
  });

  it('may read ChatIdentities and ask SubjectAccessReviews, but never create or change a mapping', () => {
    const { plane } = getTestCluster();
    const sa = `system:serviceaccount:${releaseNs}:${RELEASE}-kubetalk`;
    const can = (...args: string[]): string => {
      try {
        return plane.kubectl(['auth', 'can-i', ...args, '--as', sa]).trim();
      } catch {
        return 'no';
      }
    };
    expect(can('list', 'chatidentities.kubetalk.io')).toBe('yes');
    expect(can('watch', 'chatidentities.kubetalk.io')).toBe('yes');
    expect(can('create', 'subjectaccessreviews.authorization.k8s.io')).toBe('yes');
    for (const verb of ['create', 'update', 'patch', 'delete'])
      expect(can(verb, 'chatidentities.kubetalk.io'), verb).toBe('no');
  });

  it('picks up a value changed by helm upgrade', async () => {
    await controller?.stop();
    helm(
      [
        'upgrade',
        RELEASE,
        CHART_DIR,
        '--namespace',
        releaseNs,
        '--reuse-values',
        '--set',
        'config.locale=zh-CN',
        '--wait',
        '--timeout',
        '120s',
      ],
      getTestCluster().state.kubeconfig,
    );
    const env = await containerEnv(releaseNs);
    expect(env['KUBETALK_LOCALE']).toBe('zh-CN');
    // What a rollout does to the pod: a new process with the new environment.
    controller = await start();
    expect(await say('help')).toMatch(/你在这里可以执行的命令/);
  });

  it("uninstalls, leaving the CRD and the users' ChatCommands in place", async () => {
    await controller?.stop();
    controller = undefined;
    helm(['uninstall', RELEASE, '--namespace', releaseNs, '--wait'], getTestCluster().state.kubeconfig);
    const { plane } = getTestCluster();
    expect(plane.kubectl(['get', 'crd', 'chatcommands.kubetalk.io', '-o', 'name'])).toContain(
      'chatcommands.kubetalk.io',
    );
    expect(plane.kubectl(['get', 'chatcommands', '-n', withRunner, '-o', 'name'])).toContain('scale-shop');
    expect(() => plane.kubectl(['get', 'clusterrole', `${RELEASE}-kubetalk`])).toThrow(/NotFound|not found/);
  });
});
