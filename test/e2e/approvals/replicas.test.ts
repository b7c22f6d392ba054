// ChatRequests across replicas: two approvals sent to two replicas at once run the action once, and a request
// made before a restart is still approved and run by the process that comes after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  controllerKubeconfig,
  createRunner,
  grantCoordination,
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
import { startOpenApiServer, type OpenApiServer } from '../../../src/simulator/dingtalk/openapi-server.ts';
import { codeIn, GROUP, readRequest, waitForState } from './approval-rig.ts';

const skip = clusterUnavailableReason() !== '';
const alice = { staffId: 'alice01', nick: 'Alice' };
const bob = { staffId: 'bob01', nick: 'Bob' };
const carol = { staffId: 'carol01', nick: 'Carol' };

describe.skipIf(skip)('ChatRequests on several replicas', () => {
  let coordNs = '';
  let ns = '';
  let webhook: DingTalkWebhookServer;
  let kubeconfig = '';
  let openapi: OpenApiServer;
  const CLIENT_ID = 'dingapprovals';
  const running: ControllerProcess[] = [];
  const builder = createCallbackBuilder();

  const start = async (name: string, extra: Record<string, string> = {}): Promise<ControllerProcess> => {
    const p = await startControllerProcess(
      controllerEnv(webhook.host, {
        ...extra,
        KUBECONFIG: kubeconfig,
        KUBETALK_NAMESPACES: ns,
        KUBETALK_COORDINATION_NAMESPACE: coordNs,
        KUBETALK_LEASE_DURATION_SECONDS: '3',
        KUBETALK_RESYNC_SECONDS: '2',
        KUBETALK_APPROVAL_SWEEP_SECONDS: '1',
        POD_NAME: name,
      }),
    );
    running.push(p);
    await eventually(
      'replica ready',
      async () => ((await fetch(`${p.internalUrl}/readyz`)).ok ? true : undefined),
      60_000,
    );
    return p;
  };

  /** Sends `text` as `sender` to one replica and returns the first reply's text. */
  const sayTo = async (p: ControllerProcess, text: string, sender: typeof alice): Promise<string> => {
    const body = builder.buildGroupMessage({
      message: text,
      conversationId: GROUP,
      sender,
      sessionWebhook: webhook.createSession(),
    });
    const res = await sendCallback(`${p.publicUrl}/callbacks/dingtalk`, body, { secret: APP_SECRET });
    expect(res.status).toBe(200);
    const [first] = await webhook.waitForMessages(1, { session: body.sessionWebhook, timeoutMs: 30_000 });
    return first?.text ?? '';
  };

  const replicaSets = async (): Promise<number> =>
    (await getTestCluster().apps.listNamespacedReplicaSet({ namespace: ns })).items.length;
  const succeededEvents = async (): Promise<number> =>
    (
      await getTestCluster().core.listNamespacedEvent({
        namespace: ns,
        fieldSelector: 'involvedObject.name=restart-web',
      })
    ).items.filter((e) => e.reason === 'CommandSucceeded').length;

  beforeAll(async () => {
    installCrd();
    coordNs = await createTestNamespace('coord');
    ns = await createTestNamespace('approvals-replicas');
    grantCoordination(coordNs);
    createRunner(ns);
    webhook = await startDingTalkWebhookServer();
    openapi = await startOpenApiServer({
      appKey: CLIENT_ID,
      appSecret: APP_SECRET,
      robotCode: CLIENT_ID,
      conversations: [GROUP],
      users: ['alice01'],
    });
    kubeconfig = controllerKubeconfig();
    await getTestCluster().apps.createNamespacedDeployment({
      namespace: ns,
      body: deploymentManifest('web', ns, 1),
    });
    await applyChatCommand(adminClient(), {
      name: 'restart-web',
      namespace: ns,
      spec: {
        trigger: 'restart',
        targets: { kind: 'Deployment', names: ['web'] },
        action: { rollout: { operation: 'restart', timeoutSeconds: 30 } },
        allow: { conversations: [GROUP], users: ['*'] },
        approval: { approvers: { users: ['bob01', 'carol01'] }, timeoutSeconds: 600 },
      },
    });
    await applyChatCommand(adminClient(), {
      name: 'restart-quick',
      namespace: ns,
      spec: {
        trigger: 'quickrestart',
        targets: { kind: 'Deployment', names: ['web'] },
        action: { rollout: { operation: 'restart', timeoutSeconds: 30 } },
        allow: { conversations: [GROUP], users: ['*'] },
        approval: { confirm: true, timeoutSeconds: 5 },
      },
    });
  });
  afterAll(async () => {
    for (const r of running) await r.stop('SIGKILL');
    await webhook?.close();
    await openapi?.close();
    await deleteTestNamespace(ns);
    await deleteTestNamespace(coordNs);
  });

  it('runs once when two approvers answer on two replicas at the same time', async () => {
    const a = await start('replica-a');
    const b = await start('replica-b');
    await waitForReady(adminClient(), ns, 'restart-web', 'Accepted');
    const code = codeIn(await sayTo(a, 'restart web', alice));
    await eventually('deployment observed', async () => ((await replicaSets()) >= 1 ? true : undefined));
    const before = await replicaSets();
    const answers = await Promise.all([sayTo(a, `approve ${code}`, bob), sayTo(b, `approve ${code}`, carol)]);
    const ran = answers.filter((t) => t.includes(`restarting deployment/web in ${ns}`));
    expect(ran, answers.join('\n====\n')).toHaveLength(1);
    const other = answers.find((t) => !t.includes('restarting'));
    expect(other).toMatch(
      new RegExp(
        `Request \\*\\*${code}\\*\\* (is already decided \\(Succeeded\\)|is being decided by someone else right now)`,
      ),
    );
    const req = await waitForState(ns, code, 'Succeeded');
    expect(req.status.approvals).toHaveLength(1);
    expect(['replica-a', 'replica-b']).toContain(req.status.executor);
    await eventually('new ReplicaSet', async () => ((await replicaSets()) > before ? true : undefined));
    await eventually('audit Event', async () => ((await succeededEvents()) >= 1 ? true : undefined));
    // A second run, had there been one, would show as a second Event and another ReplicaSet.
    await new Promise((r) => setTimeout(r, 2000));
    expect(await succeededEvents()).toBe(1);
    expect(await replicaSets()).toBe(before + 1);
  });

  it('completes a request made before the controller restarted', async () => {
    const [a] = running;
    if (!a) throw new Error('no replica');
    const code = codeIn(await sayTo(a, 'restart web', alice));
    for (const r of running.splice(0)) await r.stop('SIGKILL');
    expect((await readRequest(ns, code)).status.state).toBe('Pending');
    const c = await start('replica-c');
    await waitForReady(adminClient(), ns, 'restart-web', 'Accepted');
    const done = await sayTo(c, `approve ${code}`, carol);
    expect(done).toContain(`Request **${code}** approved by Carol; running it now.`);
    expect(done).toContain(`restarting deployment/web in ${ns}`);
    const req = await waitForState(ns, code, 'Succeeded');
    expect(req.status.executor).toBe('replica-c');
  });

  it('announces an expiry through the OpenAPI when the replica that opened it is gone', async () => {
    // Replicas without the OpenAPI would sweep it too (and could only log that they cannot announce it).
    for (const r of running.splice(0)) await r.stop('SIGKILL');
    const opener = await start('replica-opener');
    await waitForReady(adminClient(), ns, 'restart-quick', 'Accepted');
    const code = codeIn(await sayTo(opener, 'quickrestart web', alice));
    await opener.stop('SIGKILL');
    running.splice(running.indexOf(opener), 1);
    const before = openapi.deliveries().length;
    // This replica never saw the sessionWebhook: only the OpenAPI can reach the conversation.
    const sweeper = await start('replica-openapi', {
      KUBETALK_DINGTALK_CLIENT_ID: CLIENT_ID,
      KUBETALK_DINGTALK_API_URL: openapi.baseUrl,
      KUBETALK_DINGTALK_API_ALLOWED_HOSTS: openapi.host,
      KUBETALK_DINGTALK_API_ALLOW_INSECURE: 'true',
    });
    const req = await waitForState(ns, code, 'Expired');
    expect(req.status.reason).toBe('Expired');
    const deliveries = await openapi.waitForDeliveries(before + 1, 30_000).catch((err: unknown) => {
      const lines = sweeper.logs.filter((l) => /request|repl|openapi/i.test(String(l['msg'])));
      throw new Error(`${String(err)}; sweeper log: ${JSON.stringify(lines).slice(0, 3000)}`);
    });
    const announced = deliveries.slice(before).find((d) => JSON.stringify(d.param).includes(code));
    expect(announced?.kind).toBe('group');
    expect(announced?.to).toBe(GROUP);
    expect(JSON.stringify(announced?.param)).toContain('expired without a decision; nothing was run.');
  });
});
