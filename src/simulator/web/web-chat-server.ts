// The browser chat's HTTP server on 127.0.0.1: the embedded page, a send endpoint and a Server-Sent Events feed.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatClient, ChatReply } from '../chat-client.ts';
import type { ChatIdentity } from '../identity.ts';
import { explainMissingReply, SimulatorError } from '../explain-delivery.ts';
import { parseMarkdownBlocks, type Block } from './markdown-blocks.ts';
import { PAGE_CSS, PAGE_HTML, PAGE_JS } from './page-assets.ts';

/** What a typed line means: the chat's own grammar (the CLI's `/as`, `/admin`, `/help`…), passed in. */
export type ChatLine =
  | { readonly kind: 'send'; readonly text: string }
  | { readonly kind: 'quit' }
  | { readonly kind: 'help' }
  | { readonly kind: 'identity'; readonly identity: ChatIdentity; readonly note: string }
  | { readonly kind: 'error'; readonly message: string };

export interface WebChatOptions {
  readonly client: ChatClient;
  /** Port on 127.0.0.1; 0 picks a free one. */
  readonly port: number;
  /** How long to wait for a message's first reply before saying why none came. */
  readonly timeoutMs: number;
  /** The chat's line grammar (`/as`, `/admin`, `/help`…), shared with the terminal chat. */
  readonly parseLine: (line: string, identity: ChatIdentity) => ChatLine;
  /** What `/help` shows. */
  readonly help: readonly string[];
}

export interface WebChat {
  /** http://127.0.0.1:PORT/ */
  readonly url: string;
  close(): Promise<void>;
}

/** What the page receives, one Server-Sent Event each. */
export type WebChatEvent =
  | {
      readonly kind: 'identity';
      readonly staffId: string;
      readonly name: string;
      readonly isAdmin: boolean;
      readonly conversationId: string;
      readonly direct: boolean;
    }
  | { readonly kind: 'sent'; readonly text: string; readonly name: string; readonly time: string }
  | {
      readonly kind: 'reply';
      readonly inReplyTo: string;
      readonly index: number;
      readonly time: string;
      readonly title: string;
      readonly blocks: readonly Block[];
      readonly notNotified: readonly string[];
    }
  | { readonly kind: 'notice'; readonly level: 'info' | 'error'; readonly text: string };

/** Events carry a sequence number: a page that reconnects gets the history again and skips what it has. */
interface Sequenced {
  readonly seq: number;
  readonly event: WebChatEvent;
}

const MAX_BODY_BYTES = 8 * 1024;
const HISTORY = 500;
/** Same-origin files only; no inline script, no frames, no form posts elsewhere. */
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export async function startWebChat(options: WebChatOptions): Promise<WebChat> {
  const { client } = options;
  const history: Sequenced[] = [];
  const feeds = new Set<ServerResponse>();
  let seq = 0;
  // Tells a page that stayed open across a restart of the simulator to start over.
  const run = randomUUID();
  const publish = (event: WebChatEvent): void => {
    seq += 1;
    const entry = { seq, event };
    history.push(entry);
    if (history.length > HISTORY) history.shift();
    for (const res of feeds) writeEvent(res, entry, run);
  };
  const identityEvent = (): WebChatEvent => {
    const { staffId, name, isAdmin, conversationId, direct } = client.identity;
    return { kind: 'identity', staffId, name, isAdmin, conversationId, direct };
  };
  const unsubscribe = client.onReply((reply) => publish(toReplyEvent(reply)));
  publish(identityEvent());

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
    if (req.method === 'GET' && path === '/api/events') return openFeed(res);
    if (req.method === 'POST' && path === '/api/send') return receive(req, res);
    return sendJson(res, 404, { error: 'not found' });
  }

  function openFeed(res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    for (const entry of history) writeEvent(res, entry, run);
    feeds.add(res);
    res.on('close', () => feeds.delete(res));
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
    const meta = options.parseLine(text, client.identity);
    if (meta.kind === 'quit') {
      publish({
        kind: 'notice',
        level: 'info',
        text: 'close the tab, or press Ctrl-C where kubetalk chat runs',
      });
    } else if (meta.kind === 'help')
      publish({ kind: 'notice', level: 'info', text: options.help.join('\n') });
    else if (meta.kind === 'error') publish({ kind: 'notice', level: 'error', text: meta.message });
    else if (meta.kind === 'identity') {
      client.setIdentity(meta.identity);
      publish(identityEvent());
      publish({ kind: 'notice', level: 'info', text: meta.note });
    } else {
      publish({ kind: 'sent', text: meta.text, name: client.identity.name, time: clock(Date.now()) });
      try {
        const sent = await client.send(meta.text);
        void client.waitForReplies(sent, 1, options.timeoutMs).catch(() =>
          publish({
            kind: 'notice',
            level: 'error',
            text: explainMissingReply(client.requestsFor(sent), client.webhookHost, options.timeoutMs / 1000),
          }),
        );
      } catch (err) {
        if (!(err instanceof SimulatorError)) throw err;
        publish({ kind: 'notice', level: 'error', text: err.message });
        return sendJson(res, 502, { error: err.message });
      }
    }
    return sendJson(res, 200, { ok: true });
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
      for (const res of feeds) res.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A reply as data: markdown parsed into blocks (text stays text), the mention line dropped as in the terminal. */
export function toReplyEvent(reply: ChatReply): WebChatEvent {
  const { message } = reply;
  const mentions = message.atUserIds;
  const text = message.msgtype === 'text' ? message.text : dropMentionLine(message.text, mentions);
  const blocks: Block[] =
    message.msgtype === 'text'
      ? [{ t: 'p', lines: text.split('\n').map((v) => (v === '' ? [] : [{ t: 'text', v }])) }]
      : parseMarkdownBlocks(text, { mentions });
  const part = message.body[message.msgtype];
  const title =
    message.msgtype !== 'text' &&
    message.msgtype !== 'markdown' &&
    typeof part === 'object' &&
    part !== null &&
    'title' in part &&
    typeof part.title === 'string'
      ? part.title
      : '';
  return {
    kind: 'reply',
    inReplyTo: reply.inReplyTo,
    index: reply.index,
    time: clock(message.receivedAt),
    title,
    blocks,
    notNotified: message.unrenderedMentions,
  };
}

function dropMentionLine(text: string, mentions: readonly string[]): string {
  if (mentions.length === 0) return text;
  const lines = text.replace(/\s+$/, '').split('\n');
  const last = lines[lines.length - 1]?.trim() ?? '';
  const onlyMentions = last !== '' && last.split(/\s+/).every((w) => mentions.some((id) => w === `@${id}`));
  return onlyMentions ? lines.slice(0, -1).join('\n') : text;
}

function readText(body: string | undefined): string | undefined {
  if (body === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || !('text' in parsed)) return undefined;
  const text = typeof parsed.text === 'string' ? parsed.text.trim() : '';
  return text.length >= 1 && text.length <= 2000 ? text : undefined;
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Drained, not kept: a chunked body without a length is read to its end and refused as malformed.
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function isLocalHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

function isLocalOrigin(origin: string, port: number): boolean {
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

function writeEvent(res: ServerResponse, entry: Sequenced, run: string): void {
  // JSON never contains a raw newline, so one data line per event is enough.
  res.write(`data: ${JSON.stringify({ run, seq: entry.seq, ...entry.event })}\n\n`);
}

function sendAsset(res: ServerResponse, type: string, body: string): void {
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(JSON.stringify(body));
}

function clock(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 8);
}
