// Promises of the controller process that nothing else proved: the README's minimal runner Role is enough, applied
// exactly as written; kubetalk_registry_commands counts the runnable commands; KUBETALK_MAX_CONCURRENT_ACTIONS
// refuses the action beyond the limit, with the message that says so, and changes nothing for it; a failed action
// leaves a CommandFailed Event; the secret rotation of docs/getting-started-dingtalk.md works as written.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, writeKubeconfig } from '../../../tools/local-cluster/index.ts';
import {
  adminClient,
  APP_SECRET,
  applyChatCommand,
  controllerEnv,
  installCrd,
  waitForReady,
} from '../../support/chat-harness.ts';
import {
  clusterUnavailableReason,
  createTestNamespace,
  deleteTestNamespace,
  deploymentManifest,
  eventually,
  getTestCluster,
} from '../../support/cluster.ts';
import {
  readMetric,
  startControllerProcess,
  type ControllerProcess,
} from '../../support/controller-process.ts';
import {
  createCallbackBuilder,
  sendCallback,
  startDingTalkWebhookServer,
  type DingTalkWebhookServer,
} from '../../support/dingtalk/index.ts';
import { message } from '../../support/messages.ts';
import { auditEvents } from '../../support/workloads.ts';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy.ts';

const skip = clusterUnavailableReason() !== '';

/** The README's "Your first ChatCommand" block: ServiceAccount, Role, RoleBinding and the ChatCommand, as written. */
function readmeFirstCommand(): Array<
  { kind: string; metadata: { namespace?: string } } & Record<string, unknown>
> {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Your first ChatCommand'));
  const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README has no yaml block under "Your first ChatCommand"');
  return loadAll(block) as Array<
    { kind: string; metadata: { namespace?: string } } & Record<string, unknown>
  >;
}

describe.skipIf(skip)('controller process promises', () => {
  let ns = '';
  let webhook: DingTalkWebhookServer;
  let proxy: TcpProxy;
  let controller: ControllerProcess | undefined;
  const builder = createCallbackBuilder();
  const readme = readmeFirstCommand();
  const command = readme.find((o) => o.kind === 'ChatCommand') as unknown as {
    spec: { allow: { conversations: string[]; users: string[] }; action: { scale: { maxReplicas: number } } };
  };
  const conversation = command.spec.allow.conversations[0] ?? '';
  const staffId = command.spec.allow.users[0] ?? '';

  const say = async (text: string): Promise<{ status: number; session: string }> => {
    const body = builder.buildGroupMessage({
      message: text,
      conversationId: conversation,
      sender: { staffId, nick: 'Alice' },
      sessionWebhook: webhook.createSession(),
    });
    const r = await sendCallback(`${controller?.publicUrl ?? ''}/callbacks/dingtalk`, body, {
      secret: APP_SECRET,
    });
    return { status: r.status, session: body.sessionWebhook };
  };

  beforeAll(async () => {
    installCrd();
    ns = await createTestNamespace('readme');
    const { apps, plane, state } = getTestCluster();
    await apps.createNamespacedDeployment({ namespace: ns, body: deploymentManifest('web', ns, 1) });
    // Exactly as written, but in this test's namespace instead of "shop".
    const objects = readme.map((o) => ({ ...o, metadata: { ...o.metadata, namespace: ns } }));
    const binding = objects.find((o) => o.kind === 'RoleBinding') as unknown as {
      subjects: Array<{ namespace: string }>;
    };
    for (const s of binding.subjects) s.namespace = ns;
    plane.kubectl(['apply', '-f', '-'], objects.map((o) => JSON.stringify(o)).join('\n'));
    webhook = await startDingTalkWebhookServer();
    // Every API answer can be slowed down: an action is then in flight long enough for a second to meet the limit.
    proxy = await startTcpProxy(state.apiPort);
    const kubeconfig = writeKubeconfig(
      join(state.stateDir, 'process-promises.kubeconfig'),
      `https://127.0.0.1:${proxy.port}`,
      plane.pkiFiles.caCert,
      { cert: plane.pkiFiles.adminCert, key: plane.pkiFiles.adminKey },
    );
    controller = await startControllerProcess(
      controllerEnv(webhook.host, {
        KUBECONFIG: kubeconfig,
        KUBETALK_NAMESPACES: ns,
        KUBETALK_RESYNC_SECONDS: '2',
        KUBETALK_MAX_CONCURRENT_ACTIONS: '1',
      }),
    );
    await eventually('ready', async () =>
      (await fetch(`${controller?.internalUrl ?? ''}/readyz`)).ok ? true : undefined,
    );
    await waitForReady(adminClient(), ns, 'scale-web', 'Accepted');
  }, 120_000);

  afterAll(async () => {
    await controller?.stop('SIGKILL');
    await webhook?.close();
    await proxy?.close();
    await deleteTestNamespace(ns);
  });

  it("runs the README's first ChatCommand with the README's minimal runner Role", async () => {
    const { session } = await say('scale web 3');
    const [reply] = await webhook.waitForMessages(1, { session, timeoutMs: 30_000 });
    const web = { kind: 'deployment', name: 'web', namespace: ns };
    expect(reply?.text).toContain(message('action.scale.done', { ...web, from: 1, to: 3 }));
    const d = await getTestCluster().apps.readNamespacedDeployment({ name: 'web', namespace: ns });
    expect(d.spec?.replicas).toBe(3);
  });

  it('counts runnable commands in kubetalk_registry_commands, and drops one that becomes invalid', async () => {
    const url = controller?.internalUrl ?? '';
    expect(await readMetric(url, 'kubetalk_registry_commands')).toBe(1);
    expect(await readMetric(url, 'kubetalk_informer_synced')).toBe(1);
    // Exposed from the start (test/e2e/resilience/watch-hang.test.ts proves it counts a restarted watch; a busy
    // machine may restart one here too, so its value is not pinned).
    expect(await (await fetch(`${url}/metrics`)).text()).toMatch(/^kubetalk_informer_restarts_total \d+$/m);
    await applyChatCommand(adminClient(), {
      name: 'peek-web',
      namespace: ns,
      spec: {
        trigger: 'peek',
        // Admitted by the API server, refused by the controller (InvalidSpec): not runnable, not counted.
        targets: { kind: 'Deployment', selector: { matchLabels: { 'app,tier': 'web' } } },
        action: { rollout: { operation: 'status' } },
        allow: { conversations: [conversation], users: ['*'] },
      },
    });
    await waitForReady(adminClient(), ns, 'peek-web', 'InvalidSpec');
    expect(await readMetric(url, 'kubetalk_registry_commands')).toBe(1);
  });

  it('refuses an action beyond KUBETALK_MAX_CONCURRENT_ACTIONS, says so, and runs nothing for it', async () => {
    proxy.setDelay(1500);
    try {
      const first = await say('scale web 4');
      expect(first.status).toBe(200);
      // The first scale is in flight (each of its API calls now takes 1.5 s) when the second arrives.
      await new Promise((r) => setTimeout(r, 300));
      const second = await say('scale web 5');
      const [refused] = await webhook.waitForMessages(1, { session: second.session, timeoutMs: 30_000 });
      expect(refused?.text).toMatch(
        new RegExp(
          `^${escape(message('dispatch.limited.concurrency', { name: 'Alice', limit: 1, seconds: 999 })).replace('999', '\\d+')}`,
          'm',
        ),
      );
      const [done] = await webhook.waitForMessages(1, { session: first.session, timeoutMs: 30_000 });
      const web = { kind: 'deployment', name: 'web', namespace: ns };
      expect(done?.text).toContain(message('action.scale.done', { ...web, from: 3, to: 4 }));
    } finally {
      proxy.setDelay(0);
    }
    const d = await getTestCluster().apps.readNamespacedDeployment({ name: 'web', namespace: ns });
    expect(d.spec?.replicas).toBe(4);
  });
  it('records a Failed outcome as a CommandFailed Event on the ChatCommand', async () => {
    // The README's Role grants get/patch on deployments/scale only: a restart (patch deployments) is forbidden.
    await applyChatCommand(adminClient(), {
      name: 'restart-web',
      namespace: ns,
      spec: {
        trigger: 'restart',
        targets: { kind: 'Deployment', names: ['web'] },
        action: { rollout: { operation: 'restart' } },
        allow: { conversations: [conversation], users: [staffId] },
      },
    });
    await waitForReady(adminClient(), ns, 'restart-web', 'Accepted');
    const { session } = await say('restart web');
    const [reply] = await webhook.waitForMessages(1, { session, timeoutMs: 30_000 });
    expect(reply?.text).toContain('Not allowed: system:serviceaccount:');
    const failed = await eventually('CommandFailed event', async () => {
      const ev = (await auditEvents(ns, 'restart-web')).filter((e) => e.reason === 'CommandFailed');
      return ev.length > 0 ? ev : undefined;
    });
    expect(failed[0]?.type).toBe('Warning');
    expect(failed[0]?.involvedObject.name).toBe('restart-web');
  });

  it('rotates the app secret as the docs say: old and new accepted while rotating, only the new one after', async () => {
    await controller?.stop('SIGTERM');
    const dir = mkdtempSync(join(tmpdir(), 'kubetalk-rotation-'));
    const [oldSecret, newSecret] = [APP_SECRET, 'e2e-rotated-secret'];
    writeFileSync(join(dir, 'app-secret'), `${newSecret}\n`);
    writeFileSync(join(dir, 'previous'), `${oldSecret}\n`);
    const kubeconfig = join(getTestCluster().state.stateDir, 'process-promises.kubeconfig');
    const start = (env: Record<string, string>): Promise<ControllerProcess> => {
      const { KUBETALK_DINGTALK_APP_SECRET: _inline, ...base } = controllerEnv(webhook.host);
      return startControllerProcess({
        ...base,
        KUBECONFIG: kubeconfig,
        KUBETALK_NAMESPACES: ns,
        KUBETALK_DINGTALK_APP_SECRET_FILE: join(dir, 'app-secret'),
        ...env,
      });
    };
    const post = async (c: ControllerProcess, secret: string): Promise<number> => {
      const body = builder.buildGroupMessage({
        message: 'help',
        conversationId: conversation,
        sender: { staffId, nick: 'Alice' },
        sessionWebhook: webhook.createSession(),
      });
      return (await sendCallback(`${c.publicUrl}/callbacks/dingtalk`, body, { secret })).status;
    };
    try {
      const rotating = await start({ KUBETALK_DINGTALK_PREVIOUS_APP_SECRETS_FILE: join(dir, 'previous') });
      try {
        expect(await post(rotating, newSecret)).toBe(200);
        expect(await post(rotating, oldSecret)).toBe(200);
        expect(await post(rotating, 'someone-elses-secret')).toBe(401);
      } finally {
        await rotating.stop('SIGTERM');
      }
      const rotated = await start({});
      try {
        expect(await post(rotated, newSecret)).toBe(200);
        expect(await post(rotated, oldSecret)).toBe(401);
        // The secrets never reach the logs.
        expect(rotated.rawOutput()).not.toContain(newSecret);
        expect(rotated.rawOutput()).not.toContain(oldSecret);
      } finally {
        await rotated.stop('SIGTERM');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
