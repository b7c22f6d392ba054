// The browser chat's HTTP server on 127.0.0.1: the embedded page, a send endpoint and a Server-Sent Events feed.
// The feed is event-feed.ts, one typed line run-chat-line.ts, a reply's shape reply-event.ts.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEventFeed } from './event-feed.ts';
import { PAGE_CSS, PAGE_HTML, PAGE_JS } from './page-assets.ts';
import { toReplyEvent } from './reply-event.ts';
import { runChatLine } from './run-chat-line.ts';
import {
  isLocalHost,
  isLocalOrigin,
  MAX_BODY_BYTES,
  readBody,
  readText,
  sendAsset,
  sendJson,
} from './web-chat-http.ts';
import type { WebChat, WebChatEvent, WebChatOptions } from './web-chat-types.ts';

export type { ChatLine, WebChat, WebChatEvent, WebChatOptions } from './web-chat-types.ts';
export { toReplyEvent } from './reply-event.ts';
export { isLocalHost } from './web-chat-http.ts';

export async function startWebChat(options: WebChatOptions): Promise<WebChat> {
  const { client } = options;
  const feed = createEventFeed();
  const identityEvent = (): WebChatEvent => {
    const { staffId, name, isAdmin, conversationId, direct } = client.identity;
    return { kind: 'identity', staffId, name, isAdmin, conversationId, direct };
  };
  const unsubscribe = client.onReply((reply) => feed.publish(toReplyEvent(reply)));
  feed.publish(identityEvent());
  const lines = { client, options, publish: (e: WebChatEvent) => feed.publish(e), identityEvent };

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: err instanceof Error ? err.message : String(err) });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // DNS rebinding: a page on evil.example resolving to 127.0.0.1 still sends its own Host.
    if (!isLocalHost(req.headers.host, port)) return sendJson(res, 403, { error: 'forbidden host' });
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/') return sendAsset(res, 'text/html; charset=utf-8', PAGE_HTML);
    if (req.method === 'GET' && path === '/chat.js')
      return sendAsset(res, 'text/javascript; charset=utf-8', PAGE_JS);
    if (req.method === 'GET' && path === '/chat.css')
      return sendAsset(res, 'text/css; charset=utf-8', PAGE_CSS);
    if (req.method === 'GET' && path === '/api/events') return feed.open(res);
    if (req.method === 'POST' && path === '/api/send') return receive(req, res);
    return sendJson(res, 404, { error: 'not found' });
  }

  async function receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A JSON content type makes a cross-site post a CORS preflight, which this server never grants.
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
      return sendJson(res, 415, { error: 'expected application/json' });
    const origin = req.headers.origin;
    if (origin !== undefined && !isLocalOrigin(origin, port))
      return sendJson(res, 403, { error: 'forbidden origin' });
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES)
      return sendJson(res, 413, { error: `a message body is at most ${MAX_BODY_BYTES} bytes` });
    const text = readText(await readBody(req));
    if (text === undefined)
      return sendJson(res, 400, { error: 'expected {"text": "…"} of 1–2000 characters' });
    const failed = await runChatLine(text, lines);
    return failed === undefined ? sendJson(res, 200, { ok: true }) : sendJson(res, 502, { error: failed });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      unsubscribe();
      feed.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
