// The OpenAPI sender and the webhook-expiry fallback against the OpenAPI double.
import { afterEach, describe, expect, it } from 'vitest';
import { withOpenApiFallback } from '../../../../../src/platforms/dingtalk/openapi/fallback-reply-sender.ts';
import { createOpenApiSender } from '../../../../../src/platforms/dingtalk/openapi/openapi-sender.ts';
import type { ReplySender } from '../../../../../src/dispatch/ports/chat.ts';
import { OPENAPI_ERROR, startOpenApiServer, type OpenApiServer } from '../../../../support/dingtalk/index.ts';

let server: OpenApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const reply = { title: 'kubetalk', markdown: '**web** scaled 1 → 3', mentionUserIds: ['alice01'] };

async function setup(secret = 'sec') {
  server = await startOpenApiServer({
    appKey: 'key',
    appSecret: 'sec',
    robotCode: 'key',
    conversations: ['cid=='],
    users: ['alice01', 'bob02'],
  });
  const results: string[] = [];
  const refreshes: string[] = [];
  const sender = createOpenApiSender({
    baseUrl: server.baseUrl,
    appKey: 'key',
    appSecret: secret,
    robotCode: 'key',
    policy: { allowedHosts: [server.host], allowInsecure: true },
    sleep: () => Promise.resolve(),
    onResult: (kind, r) => results.push(`${kind}:${r}`),
    onTokenRefresh: (r) => refreshes.push(r),
  });
  return { server, sender, results, refreshes };
}

describe('OpenAPI sender', () => {
  it('sends sampleMarkdown to a group with msgParam as a JSON string, reusing one token', async () => {
    const { server: s, sender, results, refreshes } = await setup();
    expect((await sender.sendToConversation('cid==', reply)).ok).toBe(true);
    expect((await sender.sendToConversation('cid==', reply)).ok).toBe(true);
    expect(s.deliveries()[0]).toMatchObject({ kind: 'group', to: 'cid==', msgKey: 'sampleMarkdown' });
    expect(String(s.deliveries()[0]?.param['text'])).toContain('@alice01');
    expect(s.tokenRequests()).toBe(1);
    expect(results).toEqual(['group:ok', 'group:ok']);
    expect(refreshes).toEqual(['ok']);
  });

  it('an expired token is refreshed once, then the message goes out', async () => {
    const { server: s, sender } = await setup();
    await sender.sendToConversation('cid==', reply);
    s.expireTokens();
    const r = await sender.sendToConversation('cid==', reply);
    expect(r).toMatchObject({ ok: true, attempts: 2 });
    expect(s.tokenRequests()).toBe(2);
  });

  it('gives up with the code when the robot is not in the conversation; no retry', async () => {
    const { server: s, sender, results } = await setup();
    const r = await sender.sendToConversation('cidOther==', reply);
    expect(r).toMatchObject({ ok: false, attempts: 1 });
    expect(r.ok ? '' : r.reason).toContain(OPENAPI_ERROR.robotNotInConversation);
    expect(s.calls().filter((c) => c.path.includes('groupMessages'))).toHaveLength(1);
    expect(results).toEqual(['group:failed']);
  });

  it('retries flow control and reports retried', async () => {
    const { server: s, sender, results } = await setup();
    s.throttleNext(2);
    expect((await sender.sendToConversation('cid==', reply)).ok).toBe(true);
    expect(results).toEqual(['group:retried']);
  });

  it('wrong app secret: one token request, a clear failure, no hammering', async () => {
    const { server: s, sender, refreshes } = await setup('wrong');
    const r = await sender.sendToConversation('cid==', reply);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.reason).toMatch(/access token refused/);
    expect(s.tokenRequests()).toBe(0);
    expect(s.calls()).toHaveLength(1);
    expect(refreshes).toEqual(['failed']);
  });

  it('1:1 batchSend: flow-controlled users are sent again, unknown users reported', async () => {
    const { server: s, sender } = await setup();
    s.throttleNext(1);
    const r = await sender.sendToUsers(['alice01', 'bob02'], reply);
    expect(r.ok).toBe(true);
    expect(
      s
        .deliveries()
        .map((d) => d.to)
        .sort(),
    ).toEqual(['alice01', 'bob02']);
    const bad = await sender.sendToUsers(['alice01', 'nobody'], reply);
    expect(bad).toMatchObject({ ok: false });
  });

  it('keeps msgParam within 15,000 bytes by cutting a huge reply', async () => {
    const { server: s, sender } = await setup();
    const r = await sender.sendToConversation('cid==', { ...reply, markdown: '日志 '.repeat(20_000) });
    expect(r.ok).toBe(true);
    expect(String(s.deliveries()[0]?.param['text'])).toContain('truncated');
  });
});

describe('withOpenApiFallback', () => {
  const conversation = { id: 'cid==', type: 'group' as const, userId: 'alice01' };
  const webhookOk: ReplySender = { send: () => Promise.resolve({ ok: true, attempts: 1 }) };
  const webhookExpired: ReplySender = {
    send: () => Promise.resolve({ ok: false, attempts: 1, reason: 'session expired' }),
  };

  it('uses the webhook while it lives, the OpenAPI when it is about to expire or DingTalk says it has', async () => {
    const { server: s, sender } = await setup();
    const now = 1_000_000;
    const fb = withOpenApiFallback(webhookOk, sender, { marginMs: 60_000, now: () => now });
    await fb.send({ url: 'https://oapi.dingtalk.com/x', expiresAt: now + 120_000, conversation }, reply);
    expect(s.deliveries()).toHaveLength(0);
    await fb.send({ url: 'https://oapi.dingtalk.com/x', expiresAt: now + 30_000, conversation }, reply);
    expect(s.deliveries()).toHaveLength(1);
    const fb2 = withOpenApiFallback(webhookExpired, sender, { marginMs: 0, now: () => now });
    await fb2.send({ url: 'https://oapi.dingtalk.com/x', expiresAt: now + 120_000, conversation }, reply);
    expect(s.deliveries()).toHaveLength(2);
    await fb2.send(
      {
        url: 'https://oapi.dingtalk.com/x',
        expiresAt: now - 1,
        conversation: { id: 'cidDirect', type: 'direct', userId: 'alice01' },
      },
      reply,
    );
    expect(s.deliveries()[2]).toMatchObject({ kind: 'user', to: 'alice01' });
  });
});
