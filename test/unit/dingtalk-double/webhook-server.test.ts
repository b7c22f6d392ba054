import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createFakeClock,
  startDingTalkWebhookServer,
  WEBHOOK_ERRCODE,
} from '../../support/dingtalk/index.ts';
import type { DingTalkWebhookServer, FakeClock } from '../../support/dingtalk/index.ts';

let clock: FakeClock;
let server: DingTalkWebhookServer;

beforeEach(async () => {
  clock = createFakeClock();
  server = await startDingTalkWebhookServer({ now: clock.now });
});

afterEach(async () => {
  await server.close();
});

const markdown = (text = '### ok', atUserIds: string[] = []) => ({
  msgtype: 'markdown',
  markdown: { title: 't', text },
  at: { atUserIds, isAtAll: false },
});

async function post(url: string, body: unknown, contentType = 'application/json') {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    text,
    json: res.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as unknown) : undefined,
  };
}

describe('startDingTalkWebhookServer', () => {
  it('listens on 127.0.0.1 with an ephemeral port and serves sendBySession URLs', () => {
    expect(server.host).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(server.host).not.toBe('127.0.0.1:0');
    const url = server.createSession();
    expect(url).toMatch(new RegExp(`^${server.baseUrl}/robot/sendBySession\\?session=[0-9a-f]{32}$`));
  });

  it('accepts a valid message with {errcode:0, errmsg:"ok"} and records it', async () => {
    const url = server.createSession();
    const body = markdown('### 部署完成\n\n@user123', ['user123']);
    const response = await post(url, body);
    expect(response).toEqual({
      status: 200,
      text: '{"errcode":0,"errmsg":"ok"}',
      json: { errcode: 0, errmsg: 'ok' },
    });
    const [message] = server.messages(url);
    expect(message).toEqual({
      session: new URL(url).searchParams.get('session'),
      body,
      msgtype: 'markdown',
      text: '### 部署完成\n\n@user123',
      atUserIds: ['user123'],
      unrenderedMentions: [],
      bytes: Buffer.byteLength(JSON.stringify(body)),
      receivedAt: clock.now(),
    });
  });

  it('flags mentions that are not in the text (DingTalk would not notify them)', async () => {
    const url = server.createSession();
    await post(url, markdown('no mention here', ['user123']));
    expect(server.messages(url)[0]?.unrenderedMentions).toEqual(['user123']);
  });

  describe('sessions', () => {
    it('answers 300001 "session 不存在" for an unknown session, in HTTP 200', async () => {
      const response = await post(`${server.baseUrl}/robot/sendBySession?session=deadbeef`, markdown());
      expect(response).toMatchObject({ status: 200, json: { errcode: 300001, errmsg: 'session 不存在' } });
      const missing = await post(`${server.baseUrl}/robot/sendBySession`, markdown());
      expect(missing.json).toMatchObject({ errcode: 300001 });
    });

    it('expires a session at its expiresAt, on the injected clock', async () => {
      const url = server.createSession({ expiresAt: clock.now() + 1000 });
      clock.advance(999);
      expect((await post(url, markdown())).json).toMatchObject({ errcode: 0 });
      clock.advance(1);
      expect((await post(url, markdown())).json).toMatchObject({ errcode: 300001 });
      expect(server.messages(url)).toHaveLength(1);
    });

    it('defaults to DingTalk’s 90-minute lifetime', async () => {
      const url = server.createSession();
      clock.advance(5_400_000 - 1);
      expect((await post(url, markdown())).json).toMatchObject({ errcode: 0 });
      clock.advance(1);
      expect((await post(url, markdown())).json).toMatchObject({ errcode: 300001 });
    });

    it('expires a session on demand, by URL or id', async () => {
      const a = server.createSession();
      const b = server.createSession({ id: 'cafe01' });
      server.expireSession(a);
      server.expireSession('cafe01');
      expect((await post(a, markdown())).json).toMatchObject({ errcode: 300001 });
      expect((await post(b, markdown())).json).toMatchObject({ errcode: 300001 });
    });
  });

  describe('rate limit', () => {
    it('accepts 20 per rolling minute per session, answers 130101 for the 21st, and recovers', async () => {
      const url = server.createSession();
      const other = server.createSession();
      for (let i = 0; i < 20; i += 1) {
        expect((await post(url, markdown(`m${i}`))).json).toMatchObject({ errcode: 0 });
        clock.advance(1000);
      }
      // t = 20 s: the window (t-60 s, t] holds 20 messages.
      expect((await post(url, markdown())).json).toEqual({
        errcode: 130101,
        errmsg: 'send too fast, exceed 20 times per minute',
      });
      expect((await post(other, markdown())).json).toMatchObject({ errcode: 0 });
      clock.advance(40_000); // t = 60 s: the first message (t = 0) left the window
      expect((await post(url, markdown())).json).toMatchObject({ errcode: 0 });
      expect((await post(url, markdown())).json).toMatchObject({ errcode: 130101 });
      expect(server.messages(url)).toHaveLength(21);
    });

    it('is configurable, and can be disabled', async () => {
      await server.close();
      server = await startDingTalkWebhookServer({ now: clock.now, rateLimit: { limit: 2, windowMs: 1000 } });
      const url = server.createSession();
      await post(url, markdown());
      await post(url, markdown());
      expect((await post(url, markdown())).json).toMatchObject({ errcode: 130101 });
      await server.close();
      server = await startDingTalkWebhookServer({ now: clock.now, rateLimit: false });
      const free = server.createSession();
      for (let i = 0; i < 30; i += 1)
        expect((await post(free, markdown())).json).toMatchObject({ errcode: 0 });
    });
  });

  describe('size limit', () => {
    const sized = (bytes: number) => {
      const empty = JSON.stringify(markdown(''));
      return JSON.stringify(
        markdown(
          '部'.repeat(Math.floor((bytes - empty.length) / 3)) + 'a'.repeat((bytes - empty.length) % 3),
        ),
      );
    };

    it('accepts exactly 20,000 bytes and answers 460101 above, counting UTF-8 bytes', async () => {
      const url = server.createSession();
      const exact = sized(20_000);
      expect(Buffer.byteLength(exact)).toBe(20_000);
      expect(exact.length).toBeLessThan(20_000);
      expect((await post(url, exact)).json).toMatchObject({ errcode: 0 });
      const over = sized(20_001);
      expect(Buffer.byteLength(over)).toBe(20_001);
      expect((await post(url, over)).json).toEqual({
        errcode: 460101,
        errmsg: 'message too long, exceed 20000 bytes',
      });
      expect(server.messages(url)).toHaveLength(1);
    });
  });

  describe('malformed bodies', () => {
    it.each([
      ['not JSON', '{"msgtype":', 40035],
      ['a JSON array', '[]', 40035],
      ['no msgtype', { text: { content: 'x' } }, 400105],
      ['unknown msgtype', { msgtype: 'image', image: { picURL: 'x' } }, 400105],
      ['callback-only msgtype empty', { msgtype: 'empty' }, 400105],
      ['text without text.content', { msgtype: 'text', text: {} }, 40035],
      ['text with empty content', { msgtype: 'text', text: { content: '' } }, 40035],
      ['text as a string', { msgtype: 'text', text: 'hi' }, 40035],
      ['markdown without title', { msgtype: 'markdown', markdown: { text: 'x' } }, 40035],
      ['markdown without text', { msgtype: 'markdown', markdown: { title: 'x' } }, 40035],
      ['at as an array', { ...markdown(), at: ['user123'] }, 40035],
      ['at as a string', { ...markdown(), at: 'user123' }, 40035],
      ['atUserIds not an array', { ...markdown(), at: { atUserIds: 'user123' } }, 40035],
      ['atUserIds with a number', { ...markdown(), at: { atUserIds: ['a', 1] } }, 40035],
      ['atMobiles with null', { ...markdown(), at: { atMobiles: [null] } }, 40035],
      ['isAtAll as a string', { ...markdown(), at: { isAtAll: 'false' } }, 40035],
      ['actionCard without buttons', { msgtype: 'actionCard', actionCard: { title: 't', text: 'x' } }, 40035],
      ['feedCard without links', { msgtype: 'feedCard', feedCard: { links: [] } }, 40035],
    ])('%s → errcode %i, not recorded', async (_name, body, errcode) => {
      const url = server.createSession();
      const response = await post(url, body);
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({ errcode });
      expect(server.messages(url)).toEqual([]);
    });

    it('requires a JSON content type', async () => {
      const url = server.createSession();
      expect((await post(url, markdown(), 'text/plain')).json).toMatchObject({
        errcode: WEBHOOK_ERRCODE.invalidParameter,
      });
      expect((await post(url, markdown(), 'application/json;charset=utf-8')).json).toMatchObject({
        errcode: 0,
      });
    });

    it.each([
      ['text', { msgtype: 'text', text: { content: '@user123 部署完成' }, at: { atUserIds: ['user123'] } }],
      [
        'actionCard (single)',
        {
          msgtype: 'actionCard',
          actionCard: { title: 't', text: 'x', singleTitle: 'go', singleURL: 'https://e.com' },
        },
      ],
      [
        'actionCard (buttons)',
        {
          msgtype: 'actionCard',
          actionCard: {
            title: 't',
            text: 'x',
            btns: [{ title: '批准', actionURL: 'dtmd://dingtalkclient/sendMessage?content=approve%20123' }],
          },
        },
      ],
      ['link', { msgtype: 'link', link: { title: 't', text: 'x', messageUrl: 'https://e.com', picUrl: '' } }],
      [
        'feedCard',
        {
          msgtype: 'feedCard',
          feedCard: { links: [{ title: 't', messageURL: 'https://e.com', picURL: '' }] },
        },
      ],
    ])('accepts the other webhook message types: %s', async (_name, body) => {
      const url = server.createSession();
      expect((await post(url, body)).json).toMatchObject({ errcode: 0 });
    });

    it('answers 404 for other paths and 405 for other methods', async () => {
      expect((await post(`${server.baseUrl}/robot/send?access_token=x`, markdown())).status).toBe(404);
      const url = server.createSession();
      expect((await fetch(url)).status).toBe(405);
    });
  });

  describe('recording', () => {
    it('filters messages by session id or URL and logs every request', async () => {
      const a = server.createSession();
      const b = server.createSession({ id: 'b0b' });
      await post(a, markdown('to a'));
      await post(b, markdown('to b'));
      await post(b, { msgtype: 'nope' });
      expect(server.messages(a).map((m) => m.text)).toEqual(['to a']);
      expect(server.messages('b0b').map((m) => m.text)).toEqual(['to b']);
      expect(server.messages()).toHaveLength(2);
      expect(server.requests().map((r) => [r.session, r.errcode])).toEqual([
        [new URL(a).searchParams.get('session'), 0],
        ['b0b', 0],
        ['b0b', 400105],
      ]);
    });

    it('waitForMessages resolves when enough arrive and rejects on timeout', async () => {
      const url = server.createSession();
      const waiting = server.waitForMessages(2, { session: url, timeoutMs: 2000 });
      await post(url, markdown('1'));
      await post(url, markdown('2'));
      await expect(waiting).resolves.toHaveLength(2);
      await expect(server.waitForMessages(3, { timeoutMs: 50 })).rejects.toThrow(
        'waited 50 ms for 3 messages, got 2',
      );
    });
  });

  describe('fault injection', () => {
    it('answers HTTP 500 for the next N requests, then behaves', async () => {
      const url = server.createSession();
      server.injectFault({ kind: 'http-status', status: 500 }, 2);
      expect((await post(url, markdown())).status).toBe(500);
      expect((await post(url, markdown())).status).toBe(500);
      expect((await post(url, markdown())).json).toMatchObject({ errcode: 0 });
      expect(server.requests().map((r) => r.fault)).toEqual(['http-status', 'http-status', undefined]);
    });

    it('returns a chosen errcode', async () => {
      const url = server.createSession();
      server.injectFault({
        kind: 'errcode',
        errcode: 130101,
        errmsg: 'send too fast, exceed 20 times per minute',
      });
      expect((await post(url, markdown())).json).toEqual({
        errcode: 130101,
        errmsg: 'send too fast, exceed 20 times per minute',
      });
      expect(server.messages(url)).toEqual([]);
    });

    it('closes the socket without answering', async () => {
      const url = server.createSession();
      server.injectFault({ kind: 'close-socket' });
      await expect(post(url, markdown())).rejects.toThrow();
      expect((await post(url, markdown())).json).toMatchObject({ errcode: 0 });
    });

    it('hangs for T ms (on the clock it is given), then handles the request normally', async () => {
      await server.close();
      server = await startDingTalkWebhookServer({ now: clock.now, sleep: clock.sleep });
      const url = server.createSession();
      server.injectFault({ kind: 'hang', ms: 150 });
      const before = clock.now();
      expect((await post(url, markdown())).json).toMatchObject({ errcode: 0 });
      expect(clock.sleeps).toEqual([150]);
      expect(clock.now() - before).toBe(150);
    });

    it('applies queued faults in order, and can clear them', async () => {
      const url = server.createSession();
      server.injectFault({ kind: 'http-status', status: 502 });
      server.injectFault({ kind: 'errcode', errcode: 9 });
      expect((await post(url, markdown())).status).toBe(502);
      expect((await post(url, markdown())).json).toMatchObject({ errcode: 9 });
      server.injectFault({ kind: 'http-status', status: 500 }, 5);
      server.clearFaults();
      expect((await post(url, markdown())).json).toMatchObject({ errcode: 0 });
    });

    it('rejects a non-positive repeat count', () => {
      expect(() => server.injectFault({ kind: 'close-socket' }, 0)).toThrow(RangeError);
    });
  });

  it('closes even while a request hangs forever, and the hung request fails', async () => {
    await server.close();
    let hanging = (): void => undefined;
    const entered = new Promise<void>((resolve) => (hanging = resolve));
    // A hang that never ends by itself: close() must end it (a close that waited would time the test out).
    server = await startDingTalkWebhookServer({
      now: clock.now,
      sleep: () => {
        hanging();
        return new Promise<void>(() => undefined);
      },
    });
    const url = server.createSession();
    server.injectFault({ kind: 'hang', ms: 60_000 });
    const pending = post(url, markdown()).catch((err: unknown) => err);
    await entered;
    await server.close();
    expect(await pending).toBeInstanceOf(Error);
    server = await startDingTalkWebhookServer({ now: clock.now }); // for afterEach
  });
});
