import { afterEach, describe, expect, it } from 'vitest';
import { META_HELP, parseMetaCommand } from '../../../../src/cli/chat-meta-commands.ts';
import type { ChatClient, ChatReply, SentMessage } from '../../../../src/simulator/chat-client.ts';
import { DEFAULT_IDENTITY } from '../../../../src/simulator/identity.ts';
import { startWebChat, toReplyEvent, type WebChat } from '../../../../src/simulator/web/web-chat-server.ts';

function fakeClient(sent: string[]): ChatClient {
  let identity = DEFAULT_IDENTITY;
  return {
    webhookHost: '127.0.0.1:1',
    gatewayUrl: undefined,
    get identity() {
      return identity;
    },
    setIdentity: (next) => (identity = next),
    setUrl: () => undefined,
    send: (text): Promise<SentMessage> => {
      sent.push(text);
      return Promise.resolve({ text, msgId: 'm', session: 'http://127.0.0.1:1/?session=s' });
    },
    onReply: () => () => undefined,
    waitForReplies: () => new Promise(() => undefined),
    requestsFor: () => [],
    close: () => Promise.resolve(),
  };
}

describe('web chat server', () => {
  let web: WebChat | undefined;
  afterEach(async () => {
    await web?.close();
    web = undefined;
  });
  const start = async (sent: string[]): Promise<WebChat> =>
    (web = await startWebChat({
      client: fakeClient(sent),
      port: 0,
      timeoutMs: 1000,
      parseLine: parseMetaCommand,
      help: META_HELP,
    }));

  it('serves the page with a strict Content-Security-Policy, on 127.0.0.1 only', async () => {
    const chat = await start([]);
    expect(chat.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(chat.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('simulator');
    expect((await fetch(`${chat.url}chat.js`)).headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('sends JSON posts as messages and refuses cross-site ones', async () => {
    const sent: string[] = [];
    const chat = await start(sent);
    const post = (body: string, headers: Record<string, string>): Promise<Response> =>
      fetch(`${chat.url}api/send`, { method: 'POST', body, headers });
    expect((await post('{"text":"scale web 3"}', { 'content-type': 'application/json' })).status).toBe(200);
    expect((await post('{"text":"x"}', { 'content-type': 'text/plain' })).status).toBe(415);
    expect(
      (await post('{"text":"x"}', { 'content-type': 'application/json', origin: 'https://evil.example' }))
        .status,
    ).toBe(403);
    expect((await post('{"text":""}', { 'content-type': 'application/json' })).status).toBe(400);
    expect((await post('x'.repeat(20_000), { 'content-type': 'application/json' })).status).toBe(413);
    expect((await post('{"text":"/as bob Bob"}', { 'content-type': 'application/json' })).status).toBe(200);
    expect(sent).toEqual(['scale web 3']);
  });

  it('refuses another Host (DNS rebinding)', async () => {
    const chat = await start([]);
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(chat.url, { headers: { host: 'evil.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });
});

describe('toReplyEvent', () => {
  const message = (msgtype: string, text: string, atUserIds: string[] = []): ChatReply['message'] => ({
    session: 's',
    body: { msgtype },
    msgtype,
    text,
    atUserIds,
    unrenderedMentions: [],
    bytes: text.length,
    receivedAt: 0,
  });

  it('parses markdown and drops the trailing mention line the header shows', () => {
    const event = toReplyEvent({
      message: message('markdown', '✅ **done**\n\n@u1', ['u1']),
      inReplyTo: 'x',
      index: 0,
    });
    expect(event).toMatchObject({
      kind: 'reply',
      blocks: [
        {
          t: 'p',
          lines: [
            [
              { t: 'text', v: '✅ ' },
              { t: 'strong', c: [{ t: 'text', v: 'done' }] },
            ],
          ],
        },
      ],
    });
  });

  it('keeps a text message as plain lines, markdown characters included', () => {
    const event = toReplyEvent({ message: message('text', '**not bold**\n<b>'), inReplyTo: 'x', index: 1 });
    expect(event).toMatchObject({
      index: 1,
      blocks: [{ t: 'p', lines: [[{ t: 'text', v: '**not bold**' }], [{ t: 'text', v: '<b>' }]] }],
    });
  });
});
