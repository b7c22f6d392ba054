// Reply faults end to end: the webhook double hangs, fails, throttles, expires and refuses long bodies; kubetalk
// retries, shortens or reports — and every reply that finally failed has a metric and a log line with its msgId.
import { appendFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clusterUnavailableReason,
  deleteTestNamespace,
  eventually,
  getTestCluster,
} from '../../support/cluster.ts';
import {
  applyChatCommand,
  commandSpec,
  startChatRig,
  waitForReady,
  type ChatRig,
} from '../../support/chat-harness.ts';
import type { DingTalkCallbackBody, RecordedRequest } from '../../support/dingtalk/index.ts';
import {
  auditEvents,
  metricValue,
  namespaceWithDeployments,
  waitForAvailable,
  waitForReplicas,
} from './hardening-probes.ts';

const skip = clusterUnavailableReason() !== '';
const GROUP = 'cidReplyFaultsAAAAAAAAA==';
const ALICE = { staffId: 'alice01', nick: 'Alice', isAdmin: false };
/** The reply client's per-attempt timeout (5 s); a hang longer than it forces a retry. */
const CLIENT_TIMEOUT_MS = 5_000;

describe.skipIf(skip)('reply faults (controller process, webhook double with injected faults)', () => {
  let rig: ChatRig;
  let ns: string;

  beforeAll(async () => {
    ns = await namespaceWithDeployments('replies', ['web']);
    rig = await startChatRig([ns], {
      KUBETALK_RATE_LIMIT_USER_PER_MINUTE: '0',
      KUBETALK_RATE_LIMIT_CONVERSATION_PER_MINUTE: '0',
    });
    await applyChatCommand(rig, {
      name: 'scale-web',
      namespace: ns,
      spec: commandSpec({
        trigger: 'scale',
        action: { scale: { minReplicas: 1, maxReplicas: 5 } },
        conversation: GROUP,
        users: [ALICE.staffId],
      }),
    });
    await applyChatCommand(rig, {
      name: 'logs-web',
      namespace: ns,
      spec: commandSpec({
        trigger: 'logs',
        action: { logs: { tailLines: 200, maxTailLines: 200 } },
        conversation: GROUP,
        users: [ALICE.staffId],
      }),
    });
    await waitForReady(rig, ns, 'scale-web', 'Accepted');
    await waitForReady(rig, ns, 'logs-web', 'Accepted');
    await waitForAvailable(ns, 'web', 2);
  });
  afterAll(async () => {
    await rig?.stop();
    if (ns) await deleteTestNamespace(ns);
  });

  const replies = (result: string): Promise<number> => metricValue(rig, 'kubetalk_replies_total', { result });
  const sessionOf = (body: DingTalkCallbackBody): string =>
    new URL(body.sessionWebhook).searchParams.get('session') ?? '';
  const requestsFor = (body: DingTalkCallbackBody): RecordedRequest[] =>
    rig.webhook.requests().filter((r) => r.session === sessionOf(body));
  const send = async (text: string): Promise<DingTalkCallbackBody> => {
    const body = rig.builder.buildGroupMessage({ message: text, conversationId: GROUP, sender: ALICE });
    expect((await rig.post(body)).status).toBe(200);
    return body;
  };
  /** The operator's record of a reply that finally failed: an error line with the msgId and the reason. */
  const failureLog = (body: DingTalkCallbackBody): Promise<Record<string, unknown>> =>
    rig.controller.waitForLog((l) => l['msg'] === 'reply not delivered' && l['msgId'] === body.msgId, 60_000);
  // The double releases waiters when it answers, before the controller has read that answer and counted it.
  const retriedCountReaches = async (n: number): Promise<void> => {
    await eventually(`replies{outcome="retried"} = ${n}`, async () =>
      (await replies('retried')) === n ? true : undefined,
    );
    expect(await replies('retried')).toBe(n);
  };

  const neverLogsTheWebhook = (body: DingTalkCallbackBody): void => {
    const output = rig.controller.rawOutput();
    expect(output).not.toContain(sessionOf(body));
    expect(output).not.toContain(body.sessionWebhook);
  };

  it('a webhook that hangs past the client timeout is retried, and the reply arrives', async () => {
    const retried = await replies('retried');
    rig.webhook.injectFault({ kind: 'hang', ms: CLIENT_TIMEOUT_MS + 1_500 });
    const body = await send('whoami');
    const got = await rig.webhook.waitForMessages(1, { session: body.sessionWebhook, timeoutMs: 30_000 });
    expect(got[0]?.text).toContain(ALICE.staffId);
    await retriedCountReaches(retried + 1);
    // The hung request is answered late (the double records it then) and DingTalk may have posted it too: a
    // duplicate is the accepted cost of never losing a reply, as sessionWebhook has no idempotency key.
    await eventually('hung request answered', () =>
      Promise.resolve(requestsFor(body).length >= 2 ? true : undefined),
    );
    expect(requestsFor(body).filter((r) => r.fault === 'hang')).toHaveLength(1);
  });

  it('a connection closed without an answer is retried', async () => {
    rig.webhook.injectFault({ kind: 'close-socket' });
    const body = await send('whoami');
    await rig.webhook.waitForMessages(1, { session: body.sessionWebhook, timeoutMs: 30_000 });
    expect(requestsFor(body).map((r) => r.status)).toEqual([0, 200]);
  });

  it('HTTP 5xx is retried with backoff, then delivered', async () => {
    const retried = await replies('retried');
    rig.webhook.injectFault({ kind: 'http-status', status: 503 }, 2);
    const body = await send('whoami');
    await rig.webhook.waitForMessages(1, { session: body.sessionWebhook, timeoutMs: 30_000 });
    expect(requestsFor(body).map((r) => r.status)).toEqual([503, 503, 200]);
    await retriedCountReaches(retried + 1);
  });

  it('130101 (sending too fast) is retried after a backoff, then delivered', async () => {
    rig.webhook.injectFault({ kind: 'errcode', errcode: 130101, errmsg: '发送速度太快而限流' });
    const body = await send('whoami');
    await rig.webhook.waitForMessages(1, { session: body.sessionWebhook, timeoutMs: 30_000 });
    expect(requestsFor(body).map((r) => r.errcode)).toEqual([130101, 0]);
  });

  it('460101 (message too long) is re-rendered shorter once and delivered, with a visible cut', async () => {
    // Long replies are the ones DingTalk measures as too long: logs. 200 lines of ~100 bytes fill ~20 KB.
    const line = (i: number): string =>
      `2026-01-01T00:00:00Z stdout F reply-faults line ${i} ${'x'.repeat(60)}\n`;
    appendFileSync(
      getTestCluster().state.logFiles['app'] ?? '',
      Array.from({ length: 200 }, (_, i) => line(i)).join(''),
    );
    rig.webhook.injectFault({ kind: 'errcode', errcode: 460101, errmsg: 'message too long' });
    const body = await send('logs web');
    const got = await rig.webhook.waitForMessages(1, { session: body.sessionWebhook, timeoutMs: 30_000 });
    const attempts = requestsFor(body);
    expect(attempts.map((r) => r.errcode)).toEqual([460101, 0]);
    expect(attempts[1]?.bytes).toBeLessThanOrEqual(Math.ceil((attempts[0]?.bytes ?? 0) / 2));
    expect(got[0]?.text).toContain('已截断');
    expect(got[0]?.atUserIds).toEqual([ALICE.staffId]);
  });

  it('300001 (session expired) is not retried; it is logged and counted as failed, and the action still ran', async () => {
    const failed = await replies('failed');
    const body = rig.builder.buildGroupMessage({
      message: 'scale web 4',
      conversationId: GROUP,
      sender: ALICE,
    });
    rig.webhook.expireSession(body.sessionWebhook);
    expect((await rig.post(body)).status).toBe(200);
    const line = await failureLog(body);
    expect(line).toMatchObject({ level: 'error', reason: 'session expired', attempts: 1 });
    expect(requestsFor(body).map((r) => r.errcode)).toEqual([300001]);
    expect(await replies('failed')).toBe(failed + 1);
    await waitForReplicas(ns, 'web', 4);
    const events = await eventually('audit Event of the scale', async () => {
      const ev = (await auditEvents(ns, 'scale-web')).filter(
        (e) => e.reason === 'CommandSucceeded' && (e.message ?? '').includes('scale web 4'),
      );
      return ev.length > 0 ? ev : undefined;
    });
    expect(events).toHaveLength(1);
    neverLogsTheWebhook(body);
  });

  it('a webhook that keeps failing exhausts the retry budget: one failed metric and one log line, never silence', async () => {
    const failed = await replies('failed');
    rig.webhook.injectFault({ kind: 'http-status', status: 500 }, 5);
    const body = await send('whoami');
    const line = await failureLog(body);
    expect(line).toMatchObject({ level: 'error', attempts: 5 });
    expect(String(line['reason'])).toMatch(/^(attempts exhausted|retry budget exhausted): http 500$/);
    expect(requestsFor(body).map((r) => r.status)).toEqual([500, 500, 500, 500, 500]);
    expect(rig.webhook.messages(body.sessionWebhook)).toEqual([]);
    expect(await replies('failed')).toBe(failed + 1);
    neverLogsTheWebhook(body);
  });
});
