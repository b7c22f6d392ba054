// kubetalk end to end: the controller as its own process, signed callbacks from the DingTalk double, a real cluster.
import { appendFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { message } from '../support/messages.ts';
import {
  clusterUnavailableReason,
  createTestNamespace,
  deleteTestNamespace,
  deploymentManifest,
  eventually,
  getTestCluster,
} from '../support/cluster.ts';
import {
  APP_SECRET,
  applyChatCommand,
  commandSpec,
  createRunner,
  startChatRig,
  waitForReady,
  type ChatRig,
} from '../support/chat-harness.ts';
import {
  sendCallback,
  sendCallbackWithWrongSecret,
  sendStaleCallback,
  sendFutureCallback,
} from '../support/dingtalk/index.ts';
import { auditEvents, replicasOf, waitForAvailable } from '../support/workloads.ts';

const skip = clusterUnavailableReason() !== '';
const GROUP = 'cidE2EGroupAAAAAAAAAAA==';
const OTHER_GROUP = 'cidE2EGroupBBBBBBBBBBB==';
const ALICE = { staffId: 'alice01', nick: 'Alice', isAdmin: false };
const MALLORY = { staffId: 'mallory9', nick: 'Mallory', isAdmin: false };

describe.skipIf(skip)('kubetalk end to end', () => {
  let rig: ChatRig;
  let ns: string;
  let bare: string;
  let other: string;

  const scaleCommand = (namespace: string, extra: Record<string, unknown> = {}) => ({
    name: 'scale-web',
    namespace,
    spec: {
      trigger: 'scale',
      aliases: ['扩容'],
      description: 'Scale the storefront',
      targets: { kind: 'Deployment', names: ['web'] },
      action: { scale: { minReplicas: 1, maxReplicas: 5 } },
      allow: { conversations: [GROUP], users: [ALICE.staffId] },
      ...extra,
    },
  });

  /** scale-web's spec without its alias, so a copy with another trigger does not collide with it. */
  const soloSpec = (namespace: string): Record<string, unknown> => {
    const { aliases: _aliases, ...spec } = scaleCommand(namespace).spec;
    return spec;
  };

  beforeAll(async () => {
    // Abuse limits have their own tests (hardening/limits); here they must not interfere with the scenarios.
    ns = await createTestNamespace('chat');
    // The namespaces later tests use, made now: the rig's controller watches only the namespaces it starts with.
    bare = await createTestNamespace('norbac');
    other = await createTestNamespace('status');
    rig = await startChatRig([ns, bare, other], {
      KUBETALK_RATE_LIMIT_USER_PER_MINUTE: '0',
      KUBETALK_RATE_LIMIT_CONVERSATION_PER_MINUTE: '0',
    });
    createRunner(ns);
    await getTestCluster().apps.createNamespacedDeployment({
      namespace: ns,
      // `chat` is this file's own log container (LOG_CONTAINERS): no parallel file appends to its log.
      body: deploymentManifest('web', ns, 2, ['chat']),
    });
    await waitForAvailable(ns, 'web', 2);
    await applyChatCommand(rig, scaleCommand(ns));
    await waitForReady(rig, ns, 'scale-web', 'Accepted');
  });
  afterAll(async () => {
    await rig?.stop();
    for (const n of [ns, bare, other]) await deleteTestNamespace(n);
  });

  it('marks a valid ChatCommand Ready with a summary', async () => {
    const ready = await waitForReady(rig, ns, 'scale-web', 'Accepted');
    expect(ready.status).toBe('True');
    expect(ready.message).toMatch(/scale Deployment web/);
  });

  it('scales within bounds, replies old → new with a mention, and records an audit Event', async () => {
    const { response, replies } = await rig.say('scale web 4', { conversationId: GROUP, sender: ALICE });
    expect(response.status).toBe(200);
    await eventually('replicas 4', async () => ((await replicasOf(ns, 'web')) === 4 ? true : undefined));
    const [reply] = replies;
    expect(reply?.msgtype).toBe('markdown');
    expect(reply?.text).toMatch(/2 → 4/);
    expect(reply?.atUserIds).toEqual([ALICE.staffId]);
    expect(reply?.unrenderedMentions).toEqual([]);
    const events = await eventually('audit event', async () => {
      const ev = (await auditEvents(ns, 'scale-web')).filter((e) => e.reason === 'CommandSucceeded');
      return ev.length > 0 ? ev : undefined;
    });
    expect(events[0]?.message).toMatch(/Alice \(alice01\).*scale web 4/);
  });

  it('answers in Chinese to a Chinese alias', async () => {
    const from = await replicasOf(ns, 'web');
    const { replies } = await rig.say('扩容 web 3', { conversationId: GROUP, sender: ALICE });
    await eventually('replicas 3', async () => ((await replicasOf(ns, 'web')) === 3 ? true : undefined));
    const web = { kind: 'deployment', name: 'web', namespace: ns };
    expect(replies[0]?.text).toContain(
      message('action.scale.done', { ...web, from: from ?? 0, to: 3 }, 'zh-CN'),
    );
  });

  it('refuses a scale beyond the bounds and changes nothing', async () => {
    const before = await replicasOf(ns, 'web');
    const { replies } = await rig.say('scale web 50', { conversationId: GROUP, sender: ALICE });
    expect(replies[0]?.text).toContain(
      message('command.replicas-out-of-range', { value: 50, min: 1, max: 5 }),
    );
    expect(await replicasOf(ns, 'web')).toBe(before);
  });

  it('politely refuses an unknown user and an unknown conversation, and changes nothing', async () => {
    const before = await replicasOf(ns, 'web');
    const a = await rig.say('scale web 1', { conversationId: GROUP, sender: MALLORY });
    expect(a.replies[0]?.text).toContain(message('dispatch.denied', { name: 'Mallory', trigger: 'scale' }));
    const b = await rig.say('scale web 1', { conversationId: OTHER_GROUP, sender: ALICE });
    expect(b.replies[0]?.text).toContain(message('dispatch.unknown', { text: 'scale web 1' }));
    expect(await replicasOf(ns, 'web')).toBe(before);
    const denied = await eventually('denied event', async () => {
      const ev = (await auditEvents(ns, 'scale-web')).filter((e) => e.reason === 'CommandDenied');
      return ev.length > 0 ? ev : undefined;
    });
    expect(denied[0]?.message).toMatch(/mallory9/);
  });

  it('answers forged, wrong-secret, stale and future signatures with 401 and runs nothing', async () => {
    const before = await replicasOf(ns, 'web');
    const body = rig.builder.buildGroupMessage({
      message: 'scale web 1',
      conversationId: GROUP,
      sender: ALICE,
    });
    const results = [
      await sendCallbackWithWrongSecret(rig.callbackUrl, body, { secret: APP_SECRET }),
      await sendStaleCallback(rig.callbackUrl, body, { secret: APP_SECRET, ageMs: 3_600_000 + 60_000 }),
      await sendFutureCallback(rig.callbackUrl, body, { secret: APP_SECRET, aheadMs: 3_600_000 + 60_000 }),
      await sendCallback(rig.callbackUrl, body, {
        secret: APP_SECRET,
        sign: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
      }),
    ];
    expect(results.map((r) => r.status)).toEqual([401, 401, 401, 401]);
    await new Promise((r) => setTimeout(r, 1000));
    expect(rig.webhook.messages(body.sessionWebhook)).toHaveLength(0);
    expect(await replicasOf(ns, 'web')).toBe(before);
  });

  it('rejects malformed and oversized bodies with 4xx', async () => {
    const bad = await sendCallback(rig.callbackUrl, '{"msgId": ', { secret: APP_SECRET });
    expect(bad.status).toBe(400);
    const big = await sendCallback(rig.callbackUrl, JSON.stringify({ pad: 'x'.repeat(200_000) }), {
      secret: APP_SECRET,
    });
    expect(big.status).toBe(413);
    const type = await sendCallback(rig.callbackUrl, '{}', { secret: APP_SECRET, contentType: 'text/plain' });
    expect(type.status).toBe(415);
  });

  it('runs a redelivered msgId once', async () => {
    const body = rig.builder.buildGroupMessage({
      message: 'scale web 2',
      conversationId: GROUP,
      sender: ALICE,
    });
    const [a, b] = await Promise.all([rig.post(body), rig.post(body)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await rig.webhook.waitForMessages(1, { session: body.sessionWebhook, timeoutMs: 30_000 });
    await new Promise((r) => setTimeout(r, 1500));
    expect(rig.webhook.messages(body.sessionWebhook)).toHaveLength(1);
    expect(
      rig.controller.logs.filter(
        (l) => l['msg'] === 'duplicate delivery ignored' && l['msgId'] === body.msgId,
      ),
    ).toHaveLength(1);
  });

  it('answers help with only what this sender may run here, and whoami with the ids', async () => {
    const help = await rig.say('help', { conversationId: GROUP, sender: ALICE });
    expect(help.replies[0]?.text).toContain(`### ${message('dispatch.help.heading')}`);
    expect(help.replies[0]?.text).toContain(`- **scale** / **扩容** — Scale the storefront (${ns})`);
    const helpOther = await rig.say('help', { conversationId: GROUP, sender: MALLORY });
    expect(helpOther.replies[0]?.text).toContain(message('dispatch.help.none'));
    expect(helpOther.replies[0]?.text).not.toContain('**scale**');
    const who = await rig.say('whoami', { conversationId: GROUP, sender: ALICE });
    expect(who.replies[0]?.text).toContain(ALICE.staffId);
    expect(who.replies[0]?.text).toContain(GROUP);
  });

  it('restarts a rollout: new ReplicaSet, and a follow-up when it completes', async () => {
    await applyChatCommand(rig, {
      name: 'restart-web',
      namespace: ns,
      spec: commandSpec({
        trigger: 'restart',
        action: { rollout: { operation: 'restart', timeoutSeconds: 60 } },
        conversation: GROUP,
        users: ['*'],
      }),
    });
    await waitForReady(rig, ns, 'restart-web', 'Accepted');
    const rsBefore = (
      await getTestCluster().apps.listNamespacedReplicaSet({ namespace: ns, labelSelector: 'app=web' })
    ).items.length;
    const { replies, body } = await rig.say('restart web', { conversationId: GROUP, sender: ALICE });
    const web = { kind: 'deployment', name: 'web', namespace: ns };
    expect(replies[0]?.text).toContain(message('action.restart.started', web));
    const followUp = await rig.webhook.waitForMessages(2, {
      session: body.sessionWebhook,
      timeoutMs: 90_000,
    });
    const desired = (await replicasOf(ns, 'web')) ?? 0;
    expect(followUp[1]?.text).toContain(
      message('action.rollout.complete', { ...web, updated: desired, desired }),
    );
    const rsAfter = (
      await getTestCluster().apps.listNamespacedReplicaSet({ namespace: ns, labelSelector: 'app=web' })
    ).items.length;
    expect(rsAfter).toBe(rsBefore + 1);
    const d = await getTestCluster().apps.readNamespacedDeployment({ name: 'web', namespace: ns });
    expect(d.spec?.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']).toBeTruthy();
  });

  it('shows history and undoes to the previous revision', async () => {
    await applyChatCommand(rig, {
      name: 'history-web',
      namespace: ns,
      spec: commandSpec({
        trigger: 'history',
        action: { rollout: { operation: 'history' } },
        conversation: GROUP,
        users: ['*'],
      }),
    });
    await applyChatCommand(rig, {
      name: 'undo-web',
      namespace: ns,
      spec: commandSpec({
        trigger: 'undo',
        action: { rollout: { operation: 'undo', timeoutSeconds: 60 } },
        conversation: GROUP,
        users: ['*'],
      }),
    });
    await waitForReady(rig, ns, 'undo-web', 'Accepted');
    await waitForReady(rig, ns, 'history-web', 'Accepted');
    const history = await rig.say('history web', { conversationId: GROUP, sender: ALICE });
    const web = { kind: 'deployment', name: 'web', namespace: ns };
    // Revision 1 is the Deployment as created, 2 the restart of the test before.
    expect(history.replies[0]?.text).toContain(
      message('action.history.summary', { ...web, count: 2, current: 2 }),
    );
    const { replies } = await rig.say('undo web', { conversationId: GROUP, sender: ALICE });
    expect(replies[0]?.text).toContain(message('action.undo.done', { ...web, revision: 1 }));
    await eventually('restartedAt removed by undo', async () => {
      const d = await getTestCluster().apps.readNamespacedDeployment({ name: 'web', namespace: ns });
      return d.spec?.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'] === undefined
        ? true
        : undefined;
    });
  });

  it('reads logs with --tail from kwok through the API', async () => {
    const marker = `e2e-log-${Date.now()}`;
    appendFileSync(
      getTestCluster().state.logFiles['chat'] ?? '',
      `2026-01-01T00:00:00Z stdout F line one\n2026-01-01T00:00:01Z stdout F ${marker}\n`,
    );
    await applyChatCommand(rig, {
      name: 'logs-web',
      namespace: ns,
      spec: commandSpec({
        trigger: 'logs',
        action: { logs: { tailLines: 20, maxTailLines: 100 } },
        conversation: GROUP,
        users: ['*'],
      }),
    });
    await waitForReady(rig, ns, 'logs-web', 'Accepted');
    const { replies } = await rig.say('logs web --tail 1', { conversationId: GROUP, sender: ALICE });
    expect(replies[0]?.text).toContain(marker);
    expect(replies[0]?.text).not.toContain('line one');
  });

  /** Later tests must not meet this test's commands (the namespaces live until the end, the commands do not). */
  const deleteCommandsIn = async (namespace: string): Promise<void> => {
    await rig.custom.deleteCollectionNamespacedCustomObject({
      group: 'kubetalk.io',
      version: 'v1alpha1',
      plural: 'chatcommands',
      namespace,
    });
  };

  it('gives a clear "forbidden" reply when the runner has no RBAC, and changes nothing', async () => {
    onTestFinished(() => deleteCommandsIn(bare));
    createRunner(bare, false);
    await getTestCluster().apps.createNamespacedDeployment({
      namespace: bare,
      body: deploymentManifest('web', bare, 1),
    });
    await applyChatCommand(rig, {
      ...scaleCommand(bare),
      name: 'scale-bare',
      // A trigger of its own: "scale bare" would meet scale-web's "scale" from another namespace and be listed.
      spec: { ...soloSpec(bare), trigger: 'enlarge' },
    });
    await waitForReady(rig, bare, 'scale-bare', 'Accepted');
    const { replies } = await rig.say('enlarge web 3', { conversationId: GROUP, sender: ALICE });
    expect(replies[0]?.text).toContain(
      message('action.forbidden', {
        runner: `system:serviceaccount:${bare}:kubetalk-runner`,
        // The first call a scale makes reads the scale subresource.
        verb: 'get',
        resource: 'deployments/scale.apps',
        namespace: bare,
      }),
    );
    expect(await replicasOf(bare, 'web')).toBe(1);
  });

  it('reports a missing runner, a trigger conflict and a command nobody may run', async () => {
    onTestFinished(() => deleteCommandsIn(other));
    // Two commands of one namespace with one trigger for the same senders in the same group cannot be told apart:
    // a conflict, reported rather than resolved. (The same trigger as scale-web in another namespace is no conflict.)
    await applyChatCommand(rig, { ...scaleCommand(other), name: 'no-runner' });
    await applyChatCommand(rig, { ...scaleCommand(other), name: 'twin' });
    const conflict = await waitForReady(rig, other, 'no-runner', 'TriggerConflict');
    expect(conflict.message).toMatch(/twin/);
    expect(conflict.message).not.toMatch(/scale-web/);
    await rig.custom.deleteNamespacedCustomObject({
      group: 'kubetalk.io',
      version: 'v1alpha1',
      plural: 'chatcommands',
      namespace: other,
      name: 'twin',
    });
    const runner = await waitForReady(rig, other, 'no-runner', 'RunnerMissing');
    expect(runner.message).toMatch(/kubetalk-runner/);
    createRunner(other);
    await waitForReady(rig, other, 'no-runner', 'Accepted');
    await applyChatCommand(rig, {
      ...scaleCommand(other),
      name: 'nobody',
      spec: { ...soloSpec(other), trigger: 'shrink', allow: { conversations: [], users: [] } },
    });
    await waitForReady(rig, other, 'nobody', 'NobodyAllowed');
  });

  it('reports an object the API server accepts but kubetalk cannot run as InvalidSpec, and never runs it', async () => {
    await applyChatCommand(rig, {
      name: 'bad-selector',
      namespace: ns,
      spec: {
        trigger: 'peek',
        targets: { kind: 'Deployment', selector: { matchLabels: { 'app,tier': 'web' } } },
        action: { rollout: { operation: 'status' } },
        allow: { conversations: [GROUP], users: ['*'] },
      },
    });
    const invalid = await waitForReady(rig, ns, 'bad-selector', 'InvalidSpec');
    expect(invalid.message).toMatch(/label key/);
    const { replies } = await rig.say('peek web', { conversationId: GROUP, sender: ALICE });
    expect(replies[0]?.text).toMatch(/do not know/);
  });

  it('takes edits and deletions into account without a restart', async () => {
    await applyChatCommand(
      rig,
      scaleCommand(ns, { allow: { conversations: [GROUP], users: [MALLORY.staffId] } }),
    );
    await eventually('edit seen', async () => {
      const { replies } = await rig.say('scale web 2', { conversationId: GROUP, sender: MALLORY });
      return /2/.test(replies[0]?.text ?? '') && !/not allowed/.test(replies[0]?.text ?? '')
        ? true
        : undefined;
    });
    await rig.custom.deleteNamespacedCustomObject({
      group: 'kubetalk.io',
      version: 'v1alpha1',
      plural: 'chatcommands',
      namespace: ns,
      name: 'scale-web',
    });
    // Polled with the count it already has: until the deletion is seen, a poll runs the command, and a
    // different count would change the Deployment through no fault of the code under test.
    await eventually('deletion seen', async () => {
      const { replies } = await rig.say('scale web 2', { conversationId: GROUP, sender: MALLORY });
      return /do not know|help/.test(replies[0]?.text ?? '') ? true : undefined;
    });
    const { replies } = await rig.say('scale web 3', { conversationId: GROUP, sender: MALLORY });
    expect(replies[0]?.text).toMatch(/do not know/);
    expect(await replicasOf(ns, 'web')).toBe(2);
  });

  it('exposes metrics and probes on the internal port', async () => {
    const metrics = await (await fetch(`${rig.controller.internalUrl}/metrics`)).text();
    expect(metrics).toMatch(/kubetalk_callbacks_total\{result="accepted"\} [1-9]/);
    expect(metrics).toMatch(/kubetalk_callbacks_total\{result="unauthorized"\} [1-9]/);
    expect(metrics).toMatch(/kubetalk_commands_total\{action="scale",result="succeeded"\} [1-9]/);
    expect(metrics).toMatch(/kubetalk_commands_total\{action="logs",result="denied"\} 0/);
    expect(metrics).toMatch(/kubetalk_replies_total\{result="ok"\} [1-9]/);
    expect(metrics).toMatch(/kubetalk_action_duration_seconds_bucket/);
    expect((await fetch(`${rig.controller.internalUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${rig.controller.publicUrl}/metrics`)).status).toBe(404);
  });

  it('never logs the app secret or a session webhook URL', () => {
    const out = rig.controller.rawOutput();
    expect(out).not.toContain(APP_SECRET);
    expect(out).not.toMatch(/sendBySession\?session=/);
  });
});
