import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../../src/log/logger.ts';
import { TRUNCATION_NOTE } from '../../../../src/platforms/dingtalk/render-reply.ts';
import { createDingTalkReplySender } from '../../../../src/platforms/dingtalk/reply-client.ts';
import type {
  DingTalkReplySenderOptions,
  ReplyResultKind,
} from '../../../../src/platforms/dingtalk/reply-options.ts';
import { hashReplyTarget } from '../../../../src/platforms/dingtalk/target-id.ts';
import type { OutboundReply, ReplyTarget } from '../../../../src/dispatch/ports/chat.ts';
import { createFakeClock, startDingTalkWebhookServer } from '../../../support/dingtalk/index.ts';
import type { DingTalkWebhookServer, FakeClock } from '../../../support/dingtalk/index.ts';

const REPLY: OutboundReply = { title: 'pods', markdown: '### 2 pods running', mentionUserIds: ['user123'] };

let clock: FakeClock;
let server: DingTalkWebhookServer;
let results: {
  result: ReplyResultKind;
  attempts: number;
  reason?: string;
  errcode?: number;
  targetId: string;
}[];
let logLines: string[];

beforeEach(async () => {
  clock = createFakeClock();
  server = await startDingTalkWebhookServer({ now: clock.now });
  results = [];
  logLines = [];
});

afterEach(async () => {
  await server.close();
});

function createSender(overrides: DingTalkReplySenderOptions = {}) {
  return createDingTalkReplySender({
    now: clock.now,
    sleep: (ms) => clock.sleep(ms),
    random: () => 0.5,
    allowInsecureHttp: true,
    allowedHosts: [server.host],
    timeoutMs: 2_000,
    logger: createLogger({ level: 'debug', write: (line) => logLines.push(line) }),
    onResult: (result, detail) => results.push({ result, ...detail }),
    ...overrides,
  });
}

function createTarget(lifetimeMs = 5_400_000): ReplyTarget {
  const expiresAt = clock.now() + lifetimeMs;
  return { url: server.createSession({ expiresAt }), expiresAt };
}

const sessionRequests = () => server.requests().filter((r) => r.path === '/robot/sendBySession');

describe('createDingTalkReplySender against the webhook double', () => {
  it('delivers a markdown reply with the mention', async () => {
    const target = createTarget();
    const outcome = await createSender().send(target, REPLY);
    expect(outcome).toEqual({ ok: true, attempts: 1 });
    const [message] = server.messages(target.url);
    expect(message?.body).toEqual({
      msgtype: 'markdown',
      markdown: { title: 'pods', text: '### 2 pods running\n\n@user123' },
      at: { atUserIds: ['user123'], isAtAll: false },
    });
    expect(message?.unrenderedMentions).toEqual([]);
    expect(results).toEqual([
      expect.objectContaining({ result: 'ok', attempts: 1, targetId: hashReplyTarget(target.url) }),
    ]);
  });

  it('treats a non-zero errcode inside HTTP 200 as failure, without retrying unknown codes', async () => {
    server.injectFault({ kind: 'errcode', errcode: 310000, errmsg: 'keywords not in content' });
    const outcome = await createSender().send(createTarget(), REPLY);
    expect(outcome).toEqual({ ok: false, attempts: 1, reason: 'errcode 310000' });
    expect(sessionRequests()).toHaveLength(1);
    expect(results[0]).toMatchObject({ result: 'failed', errcode: 310000 });
  });

  it('retries after HTTP 500 and then succeeds', async () => {
    server.injectFault({ kind: 'http-status', status: 500 }, 2);
    const target = createTarget();
    const outcome = await createSender().send(target, REPLY);
    expect(outcome).toEqual({ ok: true, attempts: 3 });
    expect(server.messages(target.url)).toHaveLength(1);
    expect(results[0]?.result).toBe('retried');
    // Exponential backoff with jitter fixed at 0.5: 3/4 of 500 ms, then 3/4 of 1000 ms.
    expect(clock.sleeps).toEqual([375, 750]);
  });

  it('retries after errcode 130101 (rate limited)', async () => {
    server.injectFault(
      { kind: 'errcode', errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' },
      2,
    );
    const outcome = await createSender().send(createTarget(), REPLY);
    expect(outcome).toEqual({ ok: true, attempts: 3 });
  });

  it('retries after the connection is closed without an answer', async () => {
    server.injectFault({ kind: 'close-socket' });
    const outcome = await createSender().send(createTarget(), REPLY);
    expect(outcome).toEqual({ ok: true, attempts: 2 });
  });

  it('retries after a per-attempt timeout (and may post twice, as the double shows)', async () => {
    server.injectFault({ kind: 'hang', ms: 400 });
    const target = createTarget();
    const outcome = await createSender({ timeoutMs: 100 }).send(target, REPLY);
    expect(outcome).toEqual({ ok: true, attempts: 2 });
    // The hung request is processed once the double stops hanging: DingTalk would have posted it too.
    await expect(server.waitForMessages(2, { session: target.url, timeoutMs: 2_000 })).resolves.toHaveLength(
      2,
    );
  });

  it('does not retry an expired session (300001)', async () => {
    const target = createTarget();
    server.expireSession(target.url);
    const outcome = await createSender().send(target, REPLY);
    expect(outcome).toEqual({ ok: false, attempts: 1, reason: 'session expired' });
    expect(sessionRequests()).toHaveLength(1);
    expect(results[0]).toMatchObject({ result: 'failed', errcode: 300001 });
  });

  it('gives up after maxAttempts', async () => {
    server.injectFault({ kind: 'http-status', status: 503 }, 10);
    const outcome = await createSender().send(createTarget(), REPLY);
    expect(outcome).toEqual({ ok: false, attempts: 5, reason: 'attempts exhausted: http 503' });
    expect(sessionRequests()).toHaveLength(5);
  });

  it('gives up when the total retry budget would be exceeded', async () => {
    server.injectFault({ kind: 'http-status', status: 502 }, 10);
    const outcome = await createSender({ maxTotalMs: 1_000 }).send(createTarget(), REPLY);
    // 375 ms after attempt 1; attempt 3 would need another 750 ms, beyond 1,000 ms.
    expect(outcome).toEqual({ ok: false, attempts: 2, reason: 'retry budget exhausted: http 502' });
  });

  describe('460101 (message too long)', () => {
    const big: OutboundReply = {
      title: 'logs',
      markdown: '日志行 log line\n'.repeat(1200),
      mentionUserIds: ['user123'],
    };

    it('re-renders at half the size once and succeeds', async () => {
      server.injectFault({
        kind: 'errcode',
        errcode: 460101,
        errmsg: 'message too long, exceed 20000 bytes',
      });
      const target = createTarget();
      const outcome = await createSender().send(target, big);
      expect(outcome).toEqual({ ok: true, attempts: 2 });
      const [message] = server.messages(target.url);
      expect(message?.bytes).toBeLessThanOrEqual(10_000);
      expect(message?.text).toContain(TRUNCATION_NOTE);
      expect(message?.text.endsWith('@user123')).toBe(true);
      expect(clock.sleeps).toEqual([]);
    });

    it('re-renders when DingTalk itself measures a tighter limit', async () => {
      await server.close();
      server = await startDingTalkWebhookServer({ now: clock.now, maxBodyBytes: 12_000 });
      const target = createTarget();
      const outcome = await createSender().send(target, big);
      expect(outcome).toEqual({ ok: true, attempts: 2 });
      expect(sessionRequests().map((r) => r.errcode)).toEqual([460101, 0]);
    });

    it('gives up when the shorter message is still too long', async () => {
      server.injectFault({ kind: 'errcode', errcode: 460101 }, 3);
      const outcome = await createSender().send(createTarget(), big);
      expect(outcome).toEqual({ ok: false, attempts: 2, reason: 'message too long' });
      expect(sessionRequests()).toHaveLength(2);
    });
  });

  describe('rate limit (20 per rolling minute per webhook)', () => {
    it('queues the 21st to 25th message until the window allows, and drops none', async () => {
      const target = createTarget();
      const sender = createSender();
      const start = clock.now();
      const replies = Array.from({ length: 25 }, (_, i) => ({ ...REPLY, markdown: `message ${i}` }));
      const outcomes = await Promise.all(replies.map((r) => sender.send(target, r)));
      expect(outcomes.every((o) => o.ok)).toBe(true);
      const received = server.messages(target.url);
      expect(received.map((m) => m.text.split('\n')[0])).toEqual(replies.map((r) => r.markdown));
      expect(received.slice(0, 20).every((m) => m.receivedAt === start)).toBe(true);
      expect(received.slice(20).every((m) => m.receivedAt >= start + 60_000)).toBe(true);
      expect(sessionRequests().every((r) => r.errcode === 0)).toBe(true);
    });

    it('bounds the queue per webhook: beyond it a reply fails at once instead of growing memory', async () => {
      const target = createTarget();
      const sender = createSender({ maxQueuedPerTarget: 22 });
      const replies = Array.from({ length: 25 }, (_, i) => ({ ...REPLY, markdown: `message ${i}` }));
      const outcomes = await Promise.all(replies.map((r) => sender.send(target, r)));
      expect(outcomes.filter((o) => o.ok)).toHaveLength(22);
      expect(outcomes.slice(22).every((o) => !o.ok && o.reason.startsWith('queue full'))).toBe(true);
      // Once the queue drained, the webhook takes replies again.
      expect((await sender.send(target, REPLY)).ok).toBe(true);
    });

    it('is what keeps the double from answering 130101 (limit disabled → the 21st fails)', async () => {
      const target = createTarget();
      const sender = createSender({ rateLimit: { limit: 1_000, windowMs: 60_000 } });
      const outcomes = await Promise.all(Array.from({ length: 21 }, () => sender.send(target, REPLY)));
      expect(outcomes.slice(0, 20).every((o) => o.ok)).toBe(true);
      const last = outcomes[20];
      expect(last?.ok).toBe(false);
      expect(last && !last.ok ? last.reason : '').toContain('rate limited');
    });

    it('limits each webhook separately', async () => {
      const a = createTarget();
      const b = createTarget();
      const sender = createSender();
      await Promise.all(
        Array.from({ length: 20 }, () => [sender.send(a, REPLY), sender.send(b, REPLY)]).flat(),
      );
      expect(clock.sleeps).toEqual([]);
      expect(server.messages(a.url)).toHaveLength(20);
      expect(server.messages(b.url)).toHaveLength(20);
    });

    it('fails a queued message whose session expired while it waited', async () => {
      const target = createTarget(30_000);
      const sender = createSender();
      const outcomes = await Promise.all(Array.from({ length: 21 }, () => sender.send(target, REPLY)));
      expect(outcomes[20]).toEqual({ ok: false, attempts: 0, reason: 'refused: expired' });
      expect(sessionRequests()).toHaveLength(20);
    });
  });

  it('keeps replies to one webhook in order even when an earlier one is retried', async () => {
    server.injectFault({ kind: 'http-status', status: 500 });
    const target = createTarget();
    const sender = createSender();
    await Promise.all(
      ['first', 'second', 'third'].map((m) => sender.send(target, { ...REPLY, markdown: m })),
    );
    expect(server.messages(target.url).map((m) => m.text.split('\n')[0])).toEqual([
      'first',
      'second',
      'third',
    ]);
  });

  describe('refused targets are never contacted', () => {
    it.each([
      ['the double without allowing its host', (url: string) => url, ['oapi.dingtalk.com']],
      [
        'a look-alike host',
        () => 'https://oapi.dingtalk.com.evil.com/robot/sendBySession?session=abc',
        undefined,
      ],
      [
        'userinfo trick',
        () => 'https://oapi.dingtalk.com@evil.com/robot/sendBySession?session=abc',
        undefined,
      ],
      ['plain http to DingTalk', () => 'http://oapi.dingtalk.com/robot/sendBySession?session=abc', undefined],
    ])('%s', async (_name, toUrl, allowedHosts) => {
      const fetchSpy = vi.fn(fetch);
      const target = createTarget();
      const sender = createSender({
        fetch: fetchSpy,
        allowInsecureHttp: false,
        ...(allowedHosts ? { allowedHosts } : { allowedHosts: ['oapi.dingtalk.com'] }),
      });
      const outcome = await sender.send({ ...target, url: toUrl(target.url) }, REPLY);
      expect(outcome.ok).toBe(false);
      expect(outcome.attempts).toBe(0);
      expect(fetchSpy).not.toHaveBeenCalled();
      expect(server.requests()).toEqual([]);
      expect(results[0]?.result).toBe('refused');
    });

    it('an expired target', async () => {
      const fetchSpy = vi.fn(fetch);
      const target = createTarget();
      const outcome = await createSender({ fetch: fetchSpy }).send(
        { ...target, expiresAt: clock.now() },
        REPLY,
      );
      expect(outcome).toEqual({ ok: false, attempts: 0, reason: 'refused: expired' });
      expect(fetchSpy).not.toHaveBeenCalled();
    });
  });

  it('does not follow redirects (the new location was never checked)', async () => {
    const fetchStub = vi.fn((_url: string | URL | Request, init?: RequestInit) => {
      expect(init?.redirect).toBe('manual');
      return Promise.resolve(new Response(null, { status: 302, headers: { location: 'https://evil.com/' } }));
    });
    const outcome = await createSender({ fetch: fetchStub }).send(createTarget(), REPLY);
    expect(outcome).toEqual({ ok: false, attempts: 1, reason: 'http 302' });
  });

  it('does not retry a 200 whose body has no errcode (it may have been posted)', async () => {
    const fetchStub = vi.fn(() => Promise.resolve(new Response('<html>ok</html>', { status: 200 })));
    const outcome = await createSender({ fetch: fetchStub }).send(createTarget(), REPLY);
    expect(outcome).toEqual({ ok: false, attempts: 1, reason: 'response without errcode' });
    expect(fetchStub).toHaveBeenCalledTimes(1);
  });

  it('never logs the webhook URL, but logs its hash', async () => {
    server.injectFault({ kind: 'http-status', status: 500 });
    const target = createTarget();
    const sender = createSender();
    await sender.send(target, REPLY);
    await sender.send({ ...target, expiresAt: clock.now() - 1 }, REPLY);
    const session = new URL(target.url).searchParams.get('session') ?? 'missing';
    expect(logLines.length).toBeGreaterThanOrEqual(3);
    for (const line of logLines) {
      expect(line).not.toContain(session);
      expect(line).not.toContain(server.host);
    }
    expect(logLines.some((l) => l.includes(hashReplyTarget(target.url)))).toBe(true);
  });

  it('keeps delivering when the onResult hook throws', async () => {
    const sender = createSender({
      onResult: () => {
        throw new Error('metrics down');
      },
    });
    expect(await sender.send(createTarget(), REPLY)).toEqual({ ok: true, attempts: 1 });
    expect(logLines.some((l) => l.includes('onResult hook threw'))).toBe(true);
  });

  it('answers instead of throwing when an injected dependency throws', async () => {
    const fetchStub = vi.fn(() => Promise.reject(new Error('boom')));
    const sender = createSender({
      fetch: fetchStub,
      sleep: () => Promise.reject(new Error('sleep broke')),
    });
    expect(await sender.send(createTarget(), REPLY)).toEqual({
      ok: false,
      attempts: 0,
      reason: 'internal error',
    });
  });
});
