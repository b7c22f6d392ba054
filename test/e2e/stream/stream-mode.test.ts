// Stream mode end to end: the controller as its own process, connected to the Stream gateway double; replies through
// the sessionWebhook double and, once a session has expired, through the OpenAPI double.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../tools/local-cluster/index.ts';
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
  controllerKubeconfig,
  createRunner,
  grantCoordination,
  installCrd,
  waitForReady,
} from '../../support/chat-harness.ts';
import {
  launchBundleWith,
  readMetric,
  startControllerProcess,
  type ControllerProcess,
} from '../../support/controller-process.ts';
import {
  createCallbackBuilder,
  startDingTalkWebhookServer,
  startOpenApiServer,
  startStreamGateway,
  type DingTalkWebhookServer,
  type OpenApiServer,
  type StreamGateway,
} from '../../support/dingtalk/index.ts';

const skip = clusterUnavailableReason() !== '';
const CLIENT_ID = 'dingstreame2e';
const GROUP = 'cidStreamGroup==';
const ALICE = { staffId: 'alice01', nick: 'Alice' };

describe.skipIf(skip)('DingTalk Stream mode', () => {
  let ns = '';
  let coordNs = '';
  let kubeconfig = '';
  let gateway: StreamGateway;
  let openapi: OpenApiServer;
  let webhook: DingTalkWebhookServer;
  let controller: ControllerProcess;
  const extra: ControllerProcess[] = [];
  const builder = createCallbackBuilder();

  const env = (overrides: Record<string, string> = {}): Record<string, string> => ({
    KUBECONFIG: kubeconfig,
    KUBETALK_DINGTALK_APP_SECRET: APP_SECRET,
    KUBETALK_DINGTALK_MODE: 'stream',
    KUBETALK_DINGTALK_CLIENT_ID: CLIENT_ID,
    KUBETALK_DINGTALK_STREAM_GATEWAY_URL: gateway.baseUrl,
    KUBETALK_DINGTALK_API_URL: openapi.baseUrl,
    KUBETALK_DINGTALK_API_ALLOWED_HOSTS: `${gateway.host},${openapi.host}`,
    KUBETALK_DINGTALK_API_ALLOW_INSECURE: 'true',
    KUBETALK_REPLY_ALLOWED_HOSTS: webhook.host,
    KUBETALK_REPLY_ALLOW_INSECURE_HTTP: 'true',
    KUBETALK_NAMESPACES: ns,
    KUBETALK_COORDINATION_NAMESPACE: coordNs,
    KUBETALK_RESYNC_SECONDS: '2',
    ...overrides,
  });

  const ready = (c: ControllerProcess): Promise<Response> => fetch(`${c.internalUrl}/readyz`);
  const replicas = async (): Promise<number> =>
    (await getTestCluster().apps.readNamespacedDeployment({ name: 'web', namespace: ns })).spec?.replicas ??
    -1;
  const message = (text: string, extraSpec: Record<string, unknown> = {}) =>
    builder.buildGroupMessage({
      message: text,
      conversationId: GROUP,
      sender: ALICE,
      sessionWebhook: webhook.createSession(),
      ...extraSpec,
    });
  const succeededEvents = async (name: string): Promise<number> =>
    (
      await getTestCluster().core.listNamespacedEvent({
        namespace: ns,
        fieldSelector: `involvedObject.name=${name}`,
      })
    ).items.filter((e) => e.reason === 'CommandSucceeded').length;

  beforeAll(async () => {
    installCrd();
    ns = await createTestNamespace('stream');
    coordNs = await createTestNamespace('stream-coord');
    grantCoordination(coordNs);
    createRunner(ns);
    kubeconfig = controllerKubeconfig();
    gateway = await startStreamGateway({
      clientId: CLIENT_ID,
      clientSecret: APP_SECRET,
      redeliverAfterMs: 1_500,
      disconnectGraceMs: 1_000,
    });
    openapi = await startOpenApiServer({
      appKey: CLIENT_ID,
      appSecret: APP_SECRET,
      robotCode: CLIENT_ID,
      conversations: [GROUP],
      users: [ALICE.staffId],
    });
    webhook = await startDingTalkWebhookServer();
    await getTestCluster().apps.createNamespacedDeployment({
      namespace: ns,
      body: deploymentManifest('web', ns, 1),
    });
    const allow = { conversations: [GROUP], users: ['*'] };
    const targets = { kind: 'Deployment', names: ['web'] };
    await applyChatCommand(adminClient(), {
      name: 'scale-web',
      namespace: ns,
      spec: { trigger: 'scale', targets, action: { scale: { minReplicas: 1, maxReplicas: 5 } }, allow },
    });
    await applyChatCommand(adminClient(), {
      name: 'restart-web',
      namespace: ns,
      spec: {
        trigger: 'restart',
        targets,
        action: { rollout: { operation: 'restart', timeoutSeconds: 30 } },
        allow,
      },
    });
    controller = await startControllerProcess(env({ POD_NAME: 'stream-a' }));
    await waitForReady(adminClient(), ns, 'scale-web', 'Accepted');
    await waitForReady(adminClient(), ns, 'restart-web', 'Accepted');
    await eventually('controller ready (Stream connected)', async () =>
      (await ready(controller)).ok ? true : undefined,
    );
  });

  afterAll(async () => {
    for (const c of [controller, ...extra]) await c?.stop('SIGKILL');
    await gateway?.close();
    await openapi?.close();
    await webhook?.close();
    await deleteTestNamespace(ns);
    await deleteTestNamespace(coordNs);
  });

  it('needs no public route: the callback path is not served in stream mode', async () => {
    const res = await fetch(`${controller.publicUrl}/callbacks/dingtalk`, { method: 'POST' });
    expect(res.status).toBe(404);
    expect(gateway.connections()).toBe(1);
  });

  it('scale web 3 over the socket: ACK first, then the Deployment changes, then the reply', async () => {
    const body = message('scale web 3');
    const id = gateway.pushCallback(body);
    const ack = await gateway.waitForAck(id);
    expect(ack.code).toBe(200);
    const [reply] = await webhook.waitForMessages(1, { session: body.sessionWebhook, timeoutMs: 30_000 });
    expect(await replicas()).toBe(3);
    expect(reply?.text).toMatch(/3/);
    expect(reply?.atUserIds).toEqual([ALICE.staffId]);
    expect(ack.at).toBeLessThanOrEqual(reply?.receivedAt ?? 0);
    expect(gateway.malformedAcks()).toEqual([]);
    expect(
      await readMetric(controller.internalUrl, 'kubetalk_stream_frames_total', { kind: 'message' }),
    ).toBe(1);
  });

  it('answers SYSTEM ping with its opaque, and refuses bad frames without acting', async () => {
    expect(await gateway.ping()).toBe(1);
    gateway.pushRaw('{not json');
    const bad = gateway.pushCallback({ msgId: 'only-an-id' });
    const ack = await gateway.waitForAck(bad);
    expect(ack.code).toBe(400);
    await eventually('malformed counted', async () =>
      (await readMetric(controller.internalUrl, 'kubetalk_stream_frames_total', { kind: 'malformed' })) >= 1
        ? true
        : undefined,
    );
    expect(
      await readMetric(controller.internalUrl, 'kubetalk_stream_frames_total', { kind: 'bad_data' }),
    ).toBe(1);
    expect(controller.child.exitCode).toBeNull();
  });

  it('a re-delivered frame (same messageId) and a re-sent message (same msgId) run once', async () => {
    const before = await succeededEvents('scale-web');
    const body = message('scale web 2');
    const id = gateway.pushCallback(body);
    await gateway.waitForAck(id);
    gateway.pushCallback(body, { messageId: id });
    gateway.pushCallback(body);
    await webhook.waitForMessages(1, { session: body.sessionWebhook, timeoutMs: 30_000 });
    await eventually('duplicates counted', async () =>
      (await readMetric(controller.internalUrl, 'kubetalk_stream_frames_total', { kind: 'duplicate' })) >= 2
        ? true
        : undefined,
    );
    await new Promise((r) => setTimeout(r, 1_000));
    expect(webhook.messages(body.sessionWebhook)).toHaveLength(1);
    expect(await succeededEvents('scale-web')).toBe(before + 1);
    expect(await replicas()).toBe(2);
  });

  it('reconnects after the gateway drops the socket; messages pushed meanwhile are re-pushed and run once', async () => {
    const opensBefore = gateway.opens().length;
    gateway.dropAll();
    const bodies = [message('whoami'), message('help'), message('whoami')];
    const ids = bodies.map((b) => gateway.pushCallback(b));
    await gateway.waitForConnections(1, 30_000);
    for (const id of ids) expect((await gateway.waitForAck(id, 30_000)).code).toBe(200);
    for (const b of bodies)
      await webhook.waitForMessages(1, { session: b.sessionWebhook, timeoutMs: 30_000 });
    await new Promise((r) => setTimeout(r, 500));
    for (const b of bodies) expect(webhook.messages(b.sessionWebhook)).toHaveLength(1);
    expect(gateway.opens().length).toBeGreaterThan(opensBefore);
    expect(
      (await readMetric(controller.internalUrl, 'kubetalk_stream_reconnects_total', { reason: 'closed' })) +
        (await readMetric(controller.internalUrl, 'kubetalk_stream_reconnects_total', { reason: 'error' })),
    ).toBeGreaterThanOrEqual(1);
  });

  it('on SYSTEM disconnect opens a new connection at once and keeps working', async () => {
    const opensBefore = gateway.opens().length;
    gateway.announceDisconnect();
    await eventually('new connection opened', () =>
      Promise.resolve(gateway.opens().length > opensBefore ? true : undefined),
    );
    await eventually('old socket closed', () =>
      Promise.resolve(gateway.connections() === 1 ? true : undefined),
    );
    const body = message('whoami');
    await gateway.waitForAck(gateway.pushCallback(body));
    await webhook.waitForMessages(1, { session: body.sessionWebhook, timeoutMs: 30_000 });
  });

  it('two replicas connected: a frame pushed to both runs once', async () => {
    const b = await startControllerProcess(env({ POD_NAME: 'stream-b' }));
    extra.push(b);
    await eventually('replica b ready', async () => ((await ready(b)).ok ? true : undefined));
    await gateway.waitForConnections(2);
    const before = await succeededEvents('scale-web');
    const body = message('scale web 4');
    // The gateway re-pushes a frame whose ACK it did not see, possibly to the other connection: both get it.
    const id = gateway.pushCallback(body, { connection: 0 });
    gateway.pushCallback(body, { messageId: id, connection: 1 });
    await webhook.waitForMessages(1, { session: body.sessionWebhook, timeoutMs: 30_000 });
    await eventually('scaled', async () => ((await replicas()) === 4 ? true : undefined));
    await eventually('loser logged', () =>
      Promise.resolve(
        [controller, b]
          .flatMap((c) => c.logs)
          .some((l) => String(l['msg']).startsWith('duplicate delivery ignored'))
          ? true
          : undefined,
      ),
    );
    await new Promise((r) => setTimeout(r, 1_000));
    expect(webhook.messages(body.sessionWebhook)).toHaveLength(1);
    expect(await succeededEvents('scale-web')).toBe(before + 1);
    expect(await b.stop('SIGTERM')).toBe(0);
    extra.pop();
  });

  it('a rollout follow-up after its sessionWebhook expired goes through the OpenAPI to the same conversation', async () => {
    const body = message('restart web');
    // The session dies as soon as the first reply is in: the follow-up can only arrive through the OpenAPI.
    const off = webhook.onMessage((m) => {
      if (m.session === new URL(body.sessionWebhook).searchParams.get('session'))
        webhook.expireSession(m.session);
    });
    const before = openapi.deliveries().length;
    await gateway.waitForAck(gateway.pushCallback(body));
    await webhook.waitForMessages(1, { session: body.sessionWebhook, timeoutMs: 30_000 });
    const all = await openapi.waitForDeliveries(before + 1, 60_000);
    off();
    const followUp = all[before];
    expect(followUp?.kind).toBe('group');
    expect(followUp?.to).toBe(GROUP);
    expect(followUp?.msgKey).toBe('sampleMarkdown');
    expect(String(followUp?.param['text'])).toContain(`@${ALICE.staffId}`);
    expect(
      await readMetric(controller.internalUrl, 'kubetalk_openapi_sends_total', {
        kind: 'group',
        result: 'ok',
      }),
    ).toBe(1);
  });

  it('an expired access token is refreshed once and the message delivered; flow control is retried', async () => {
    const tokensBefore = openapi.tokenRequests();
    openapi.expireTokens();
    openapi.throttleNext(1);
    const before = openapi.deliveries().length;
    // A session that already expired: the reply goes straight through the OpenAPI.
    const body = message('whoami', { sessionWebhookExpiredTime: Date.now() - 1_000 });
    await gateway.waitForAck(gateway.pushCallback(body));
    await openapi.waitForDeliveries(before + 1, 30_000);
    expect(openapi.tokenRequests()).toBe(tokensBefore + 1);
    expect(webhook.messages(body.sessionWebhook)).toHaveLength(0);
    expect(openapi.calls().some((c) => c.status === 403)).toBe(true);
  });

  it('bad credentials: not ready, a clear log line, and a bounded retry rate (no reconnect storm)', async () => {
    const bad = await startControllerProcess(
      env({
        POD_NAME: 'stream-bad',
        KUBETALK_DINGTALK_APP_SECRET: 'wrong-secret',
        KUBETALK_LIVENESS_GRACE_SECONDS: '1',
      }),
    );
    extra.push(bad);
    await bad.waitForLog((l) => String(l['msg']).startsWith('DingTalk refused the Stream credentials'));
    // Readiness names the first unmet condition; once the informer has synced, it is the Stream.
    const reason = await eventually('not ready because of the Stream', async () => {
      const res = await ready(bad);
      const text = await res.text();
      return res.status === 503 && /Stream not connected/.test(text) ? text : undefined;
    });
    expect(reason).toMatch(/credentials/);
    const refusedBefore = gateway.opens().filter((o) => o.status === 401).length;
    await new Promise((r) => setTimeout(r, 4_000));
    const refusedAfter = gateway.opens().filter((o) => o.status === 401).length;
    expect(refusedAfter - refusedBefore).toBeLessThanOrEqual(1);
    // Refused credentials are a readiness matter: the loop keeps its pace, and a restart would not help.
    const live = await fetch(`${bad.internalUrl}/healthz`);
    expect([live.status, await live.text()]).toEqual([200, 'ok']);
    expect(bad.child.exitCode).toBeNull();
    expect(bad.rawOutput()).not.toContain('wrong-secret');
    await bad.stop('SIGKILL');
    extra.pop();
  });

  it('a stalled connection loop fails /healthz (only a restart cures it); a refusing gateway did not', async () => {
    // The preload makes the gateway call hang past every deadline, as a library bug would.
    const fault = pathToFileURL(join(repoRoot, 'test/support/faults/hang-stream-open.ts')).href;
    const stalled = await startControllerProcess(
      env({ POD_NAME: 'stream-stalled', KUBETALK_LIVENESS_GRACE_SECONDS: '1' }),
      60_000,
      launchBundleWith(['--import', fault]),
    );
    extra.push(stalled);
    const healthz = async (): Promise<[number, string]> => {
      const res = await fetch(`${stalled.internalUrl}/healthz`);
      return [res.status, await res.text()];
    };
    // Alive while the attempt is within its own deadlines (10 s for the gateway call, 10 s for the handshake).
    expect(await healthz()).toEqual([200, 'ok']);
    const [status, text] = await eventually(
      '/healthz fails',
      async () => {
        const h = await healthz();
        return h[0] === 200 ? undefined : h;
      },
      40_000,
    );
    expect(status).toBe(500);
    expect(text).toMatch(
      /^unhealthy: DingTalk Stream loop stalled: a Stream connection attempt has run for (2[1-9]|3\d) s \(due within 20 s\)$/,
    );
    const logged = stalled.logs.filter((l) => l['msg'] === 'not live; /healthz fails until restarted');
    expect(logged).toHaveLength(1);
    expect(logged[0]?.['level']).toBe('error');
    expect(stalled.child.exitCode).toBeNull();
    await stalled.stop('SIGKILL');
    extra.pop();
  });

  it('SIGTERM stops taking frames and closes the socket cleanly', async () => {
    const closesBefore = gateway.closeCodes().length;
    expect(await controller.stop('SIGTERM')).toBe(0);
    await eventually('socket closed', () =>
      Promise.resolve(gateway.closeCodes().length > closesBefore ? true : undefined),
    );
    expect(gateway.closeCodes().slice(closesBefore)).toEqual([1000]);
    expect(controller.logs.some((l) => l['msg'] === 'stream closed')).toBe(true);
  });
});
