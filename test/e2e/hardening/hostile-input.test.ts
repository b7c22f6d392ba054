// Hostile input end to end: bad bodies get 4xx, hostile text a polite refusal, hostile webhooks no reply at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterUnavailableReason, deleteTestNamespace, eventually } from '../../support/cluster.ts';
import {
  APP_SECRET,
  applyChatCommand,
  startChatRig,
  waitForReady,
  type ChatRig,
} from '../../support/chat-harness.ts';
import { sendCallback } from '../../support/dingtalk/index.ts';
import {
  auditEvents,
  metricValue,
  namespaceWithDeployments,
  pause,
  replicasOf,
  waitForReplicas,
} from './hardening-probes.ts';

const skip = clusterUnavailableReason() !== '';
const GROUP = 'cidHostileAAAAAAAAAAAAA==';
const ALICE = { staffId: 'alice01', nick: 'Alice', isAdmin: false };
const MALLORY = { staffId: 'mallory9', nick: 'Mallory', isAdmin: true };

describe.skipIf(skip)('hostile input (controller process, real cluster)', () => {
  let rig: ChatRig;
  let ns: string;
  const generation = async (): Promise<string> =>
    `${await replicasOf(ns, 'web')}/${await replicasOf(ns, 'api')}`;

  beforeAll(async () => {
    // Limits off: this file sends many commands from one sender on purpose.
    ns = await namespaceWithDeployments('hostile', ['web', 'api']);
    rig = await startChatRig([ns], {
      KUBETALK_RATE_LIMIT_USER_PER_MINUTE: '0',
      KUBETALK_RATE_LIMIT_CONVERSATION_PER_MINUTE: '0',
    });
    await applyChatCommand(rig, {
      name: 'scale-web',
      namespace: ns,
      spec: {
        trigger: 'scale',
        aliases: ['扩容'],
        targets: { kind: 'Deployment', names: ['web'] },
        action: { scale: { minReplicas: 1, maxReplicas: 5 } },
        allow: { conversations: [GROUP], users: [ALICE.staffId] },
      },
    });
    await waitForReady(rig, ns, 'scale-web', 'Accepted');
  });
  afterAll(async () => {
    await rig?.stop();
    if (ns) await deleteTestNamespace(ns);
  });

  describe('bodies: signed (as if the secret leaked), yet refused with 4xx', () => {
    const good = (): Record<string, unknown> =>
      rig.builder.buildGroupMessage({
        message: 'scale web 1',
        conversationId: GROUP,
        sender: ALICE,
      }) as unknown as Record<string, unknown>;

    it('malformed JSON, non-objects and invalid UTF-8 → 400', async () => {
      const bodies: Array<string | Buffer> = [
        '',
        '{"msgId": ',
        '{}}',
        "{'msgId':'x'}",
        'null',
        '[]',
        '"scale web 1"',
        Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
      ];
      for (const b of bodies) expect((await rig.post(b)).status, String(b)).toBe(400);
    });

    it('wrong types for every field → 400 naming the field', async () => {
      const fields: Record<string, unknown[]> = {
        msgId: [null, 1, '', []],
        msgtype: [null, 1, ''],
        conversationId: [null, 7, ''],
        conversationType: [2, '3', null],
        senderId: [null, 1],
        senderNick: [null, {}],
        senderStaffId: [null, 123, ['alice01']],
        sessionWebhook: [null, 1, ''],
        sessionWebhookExpiredTime: ['soon', -1, 1.5, null],
        createAt: ['now', null, 1e300],
        text: [null, 'scale web 1', { content: 1 }],
      };
      for (const [field, values] of Object.entries(fields)) {
        for (const v of values) {
          const res = await rig.post({ ...good(), [field]: v });
          expect(res.status, `${field}=${JSON.stringify(v)}`).toBe(400);
          expect(res.body).toContain(field === 'text' ? 'text.content' : field);
        }
      }
    });

    it('a body over the limit → 413, and deep nesting → 400 at once', async () => {
      expect((await rig.post({ ...good(), pad: 'x'.repeat(70_000) })).status).toBe(413);
      const deep = JSON.stringify(good()).replace(/\}$/, `,"x":${'['.repeat(30_000)}${']'.repeat(30_000)}}`);
      const res = await rig.post(deep);
      expect(res.status).toBe(400);
      expect(res.body).toContain('nested too deeply');
      const objects = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
      expect((await rig.post(objects)).status).toBe(400);
    });

    it('a prototype-poisoning key → 400', async () => {
      const poisoned = JSON.stringify(good()).replace(/^\{/, '{"__proto__":{"isAdmin":true},');
      expect((await rig.post(poisoned)).status).toBe(400);
    });

    it('the process is alive and nothing changed', async () => {
      expect((await fetch(`${rig.controller.internalUrl}/healthz`)).status).toBe(200);
      expect(await generation()).toBe('2/2');
      expect(await metricValue(rig, 'kubetalk_callbacks_total', { result: 'bad_request' })).toBeGreaterThan(
        30,
      );
      expect(
        await metricValue(rig, 'kubetalk_callbacks_total', { result: 'too_large' }),
      ).toBeGreaterThanOrEqual(1);
    });
  });

  describe('text', () => {
    it.each([
      ['shell separator', 'scale web 3; rm -rf /'],
      ['command substitution', 'scale $(id) 3'],
      ['backticks', 'scale `id` 3'],
      ['path traversal', 'scale ../web 3'],
      ['encoded traversal', 'scale %2e%2e/web 3'],
      ['traversal inside kind/name', 'scale deployment/../api 3'],
      ['another namespace', 'scale kube-system/web 3'],
      ['not DNS-1123 (underscore)', 'scale web_1 3'],
      ['not DNS-1123 (leading dash)', 'scale -web 3'],
      ['too long a name', `scale ${'a'.repeat(300)} 3`],
      ['a workload that is not allowed', 'scale api 3'],
      ['emoji as a name', 'scale 🚀 3'],
      ['emoji as a count', 'scale web 3️⃣'],
      ['Arabic-Indic digit', 'scale web ٣'],
      ['right-to-left override hiding the count', 'scale web \u202e3 1'],
      ['replicas out of bounds', 'scale web 500'],
      ['pipe and redirect', 'scale web 3 | tee /etc/passwd > /dev/null'],
    ])('%s → polite refusal, nothing changed', async (_name, text) => {
      const { response, replies } = await rig.say(text, { conversationId: GROUP, sender: ALICE });
      expect(response.status).toBe(200);
      expect(replies[0]?.text).not.toMatch(/internal error/);
      expect(replies[0]?.text).not.toMatch(/→/);
      expect(replies[0]?.atUserIds).toEqual([ALICE.staffId]);
      expect(await generation()).toBe('2/2');
    });

    it('records each refused attempt as an Invalid audit Event', async () => {
      const invalid = await eventually('Invalid events', async () => {
        const ev = (await auditEvents(ns, 'scale-web')).filter((e) => e.reason === 'CommandInvalid');
        return ev.length > 0 ? ev : undefined;
      });
      expect(invalid.length).toBeGreaterThan(0);
    });

    it('an unauthorised sender is refused whatever the disguise (full-width, zero-width, RTL, case)', async () => {
      for (const text of [
        'ｓｃａｌｅ　ｗｅｂ　３',
        'sc\u200bale web 3',
        '\u202escale web 3',
        'SCALE WEB 3',
        '扩容 web 3',
      ]) {
        const { replies } = await rig.say(text, { conversationId: GROUP, sender: MALLORY });
        expect(replies[0]?.text, text).toMatch(/not allowed|无权/);
      }
      const external = await rig.say('scale web 3', {
        conversationId: GROUP,
        sender: { staffId: null, nick: 'Guest' },
      });
      expect(external.replies[0]?.text).toMatch(/staff id/);
      expect(await generation()).toBe('2/2');
    });

    it('audio is never turned into a command, even when its recognition reads like one', async () => {
      const body = rig.builder.buildGroupMessage({
        message: { type: 'audio', recognition: 'scale web 3' },
        conversationId: GROUP,
        sender: ALICE,
      });
      expect((await rig.post(body)).status).toBe(200);
      const replies = await rig.webhook.waitForMessages(1, {
        session: body.sessionWebhook,
        timeoutMs: 30_000,
      });
      expect(replies[0]?.text).toMatch(/help/);
      expect(await generation()).toBe('2/2');
    });

    it('invisible and full-width characters do not change what an allowed command means', async () => {
      await rig.say('ｓｃａｌｅ　ｗｅｂ　３', { conversationId: GROUP, sender: ALICE });
      await waitForReplicas(ns, 'web', 3);
      await rig.say('sc\u200bale w\u200de\u2060b \u200f4\ufeff', { conversationId: GROUP, sender: ALICE });
      await waitForReplicas(ns, 'web', 4);
      expect(await replicasOf(ns, 'api')).toBe(2);
    });
  });

  describe('sessionWebhook (SSRF): a reply aimed anywhere but the allowed host is never sent', () => {
    it('refuses, logs with the msgId (never the URL) and counts every hostile target; the double records nothing', async () => {
      const port = new URL(rig.webhook.baseUrl).port;
      const otherPort = String(Number(port) === 65_535 ? 1 : Number(port) + 1);
      // Each points at the double in a form that would reach it if sent, or at something internal.
      const targets: Array<[string, (path: string) => string, string]> = [
        ['localhost by name', (p) => `http://localhost:${port}${p}`, 'host-not-allowed'],
        ['0.0.0.0', (p) => `http://0.0.0.0:${port}${p}`, 'private-address'],
        ['IPv6 loopback', (p) => `http://[::1]:${port}${p}`, 'private-address'],
        ['IPv4-mapped IPv6', (p) => `http://[::ffff:127.0.0.1]:${port}${p}`, 'private-address'],
        ['userinfo before the double', (p) => `http://oapi.dingtalk.com@127.0.0.1:${port}${p}`, 'userinfo'],
        [
          'userinfo hiding another host',
          (p) => `https://oapi.dingtalk.com@evil.example${p}`,
          'insecure-scheme|userinfo',
        ],
        ['cloud metadata', () => 'http://169.254.169.254/latest/meta-data/', 'private-address'],
        ['private network', (p) => `http://10.0.0.1${p}`, 'private-address'],
        ['decimal loopback, other port', (p) => `http://2130706433:${otherPort}${p}`, 'private-address'],
        ['octal loopback, other port', (p) => `http://0177.0.0.1:${otherPort}${p}`, 'private-address'],
        ['look-alike host', (p) => `https://oapi.dingtalk.com.evil.example${p}`, 'host-not-allowed'],
        ['name resolving to loopback', (p) => `http://127.0.0.1.nip.io:${port}${p}`, 'host-not-allowed'],
        ['not a URL', () => 'javascript:alert(1)', 'insecure-scheme'],
      ];
      const refusedBefore = await metricValue(rig, 'kubetalk_replies_total', { result: 'refused' });
      const sessions: string[] = [];
      for (const [name, build, reason] of targets) {
        const real = new URL(rig.webhook.createSession());
        const session = real.searchParams.get('session') ?? '';
        sessions.push(session);
        const body = rig.builder.buildGroupMessage({
          message: 'whoami',
          conversationId: GROUP,
          sender: ALICE,
          sessionWebhook: build(`${real.pathname}${real.search}`),
        });
        const res = await sendCallback(rig.callbackUrl, body, { secret: APP_SECRET });
        expect(res.status, name).toBe(200);
        const line = await rig.controller.waitForLog(
          (l) => l['msg'] === 'reply not delivered' && l['msgId'] === body.msgId,
        );
        expect(String(line['reason']), name).toMatch(new RegExp(`^refused: (${reason})$`));
      }
      await pause(500);
      expect(await metricValue(rig, 'kubetalk_replies_total', { result: 'refused' })).toBe(
        refusedBefore + targets.length,
      );
      const reached = rig.webhook
        .requests()
        .filter((r) => r.session !== undefined && sessions.includes(r.session));
      expect(reached).toEqual([]);
      // The session id is the webhook's credential: no log line may carry it.
      const output = rig.controller.rawOutput();
      for (const s of sessions) expect(output).not.toContain(s);
    });
  });
});
