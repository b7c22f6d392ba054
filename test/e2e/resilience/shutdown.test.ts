// SIGTERM while a command is in flight: it finishes and replies; new callbacks get 503; the process exits cleanly.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeKubeconfig } from '../../../tools/local-cluster/index.ts';
import {
  clusterUnavailableReason,
  createTestNamespace,
  deleteTestNamespace,
  deploymentManifest,
  eventually,
  getTestCluster,
} from '../../support/cluster.ts';
import {
  adminClient,
  APP_SECRET,
  applyChatCommand,
  controllerEnv,
  createRunner,
  installCrd,
  waitForReady,
} from '../../support/chat-harness.ts';
import { startControllerProcess, type ControllerProcess } from '../../support/controller-process.ts';
import {
  createCallbackBuilder,
  sendCallback,
  startDingTalkWebhookServer,
  type DingTalkWebhookServer,
} from '../../support/dingtalk/index.ts';
import { message } from '../../support/messages.ts';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy.ts';

const skip = clusterUnavailableReason() !== '';
const GROUP = 'cidShutdown==';

describe.skipIf(skip)('graceful shutdown', () => {
  let ns = '';
  let webhook: DingTalkWebhookServer;
  let proxy: TcpProxy;
  let controller: ControllerProcess | undefined;
  const builder = createCallbackBuilder();

  beforeAll(async () => {
    installCrd();
    ns = await createTestNamespace('shutdown');
    createRunner(ns);
    const { apps, state, plane } = getTestCluster();
    await apps.createNamespacedDeployment({ namespace: ns, body: deploymentManifest('web', ns, 1) });
    const rig = adminClient();
    await applyChatCommand(rig, {
      name: 'scale-web',
      namespace: ns,
      spec: {
        trigger: 'scale',
        targets: { kind: 'Deployment', names: ['web'] },
        action: { scale: { minReplicas: 1, maxReplicas: 5 } },
        allow: { conversations: [GROUP], users: ['*'] },
      },
    });
    webhook = await startDingTalkWebhookServer();
    proxy = await startTcpProxy(state.apiPort);
    const kubeconfig = writeKubeconfig(
      join(state.stateDir, 'shutdown.kubeconfig'),
      `https://127.0.0.1:${proxy.port}`,
      plane.pkiFiles.caCert,
      {
        cert: plane.pkiFiles.adminCert,
        key: plane.pkiFiles.adminKey,
      },
    );
    controller = await startControllerProcess(
      controllerEnv(webhook.host, {
        KUBECONFIG: kubeconfig,
        KUBETALK_NAMESPACES: ns,
        KUBETALK_SHUTDOWN_TIMEOUT_SECONDS: '20',
        KUBETALK_ACTION_TIMEOUT_SECONDS: '20',
      }),
    );
    await eventually('ready', async () =>
      (await fetch(`${controller?.internalUrl ?? ''}/readyz`)).ok ? true : undefined,
    );
    await waitForReady(rig, ns, 'scale-web', 'Accepted');
  });
  afterAll(async () => {
    await controller?.stop('SIGKILL');
    await webhook?.close();
    await proxy?.close();
    await deleteTestNamespace(ns);
  });

  it('finishes the in-flight command and its reply, refuses new callbacks with 503, and exits 0', async () => {
    const p = controller as ControllerProcess;
    const url = `${p.publicUrl}/callbacks/dingtalk`;
    // Every API answer now takes a second: the scale below is in flight when SIGTERM arrives.
    proxy.setDelay(1000);
    const first = builder.buildGroupMessage({
      message: 'scale web 3',
      conversationId: GROUP,
      sender: { staffId: 'alice01' },
      sessionWebhook: webhook.createSession(),
    });
    expect((await sendCallback(url, first, { secret: APP_SECRET })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    const exited = p.stop('SIGTERM');
    await p.waitForLog((l) => String(l['msg']).startsWith('shutting down'));
    const late = builder.buildGroupMessage({
      message: 'scale web 4',
      conversationId: GROUP,
      sender: { staffId: 'alice01' },
      sessionWebhook: webhook.createSession(),
    });
    const refused = await sendCallback(url, late, { secret: APP_SECRET });
    expect(refused.status).toBe(503);
    // Draining: not ready, so a Service stops sending traffic here (the process still answers /readyz).
    expect((await fetch(`${p.internalUrl}/readyz`)).status).toBe(503);
    expect(await exited).toBe(0);
    const [reply] = webhook.messages(first.sessionWebhook);
    expect(reply?.text).toContain(
      message('action.scale.done', { kind: 'deployment', name: 'web', namespace: ns, from: 1, to: 3 }),
    );
    expect(webhook.messages(late.sessionWebhook)).toHaveLength(0);
    const d = await getTestCluster().apps.readNamespacedDeployment({ name: 'web', namespace: ns });
    expect(d.spec?.replicas).toBe(3);
  });
});
