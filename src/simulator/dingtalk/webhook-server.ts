// A local stand-in for DingTalk's sessionWebhook endpoint (§2): sessions, expiry, limits, errcodes, recording, faults.
// One request's handling is webhook-request.ts; the answer for a session judge-session-post.ts.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SESSION_WEBHOOK_LIFETIME_MS } from './callback-builder.ts';
import { createFaultQueue } from './webhook-faults.ts';
import type { WebhookFault } from './webhook-faults.ts';
import { handleWebhookRequest } from './webhook-request.ts';
import { judgeSessionPost, type SessionPost, type SessionState } from './judge-session-post.ts';
import { createMessageInbox } from './message-inbox.ts';
import type { OutgoingMessageBody } from './validate-outgoing-message.ts';

export const WEBHOOK_PATH = '/robot/sendBySession';
/** DingTalk's body limit (errcode 460101 above it). */
export const WEBHOOK_MAX_BODY_BYTES = 20_000;

export interface WebhookServerOptions {
  /** Epoch-milliseconds clock for expiry, rate limiting and recording; Date.now by default. */
  readonly now?: () => number;
  /** Messages per session per rolling window (default 20 per 60 s); false disables the limit. */
  readonly rateLimit?: { readonly limit: number; readonly windowMs: number } | false;
  readonly maxBodyBytes?: number;
  /** Port on 127.0.0.1; 0 (any free port) by default. A fixed port lets a controller list it in its allowed hosts. */
  readonly port?: number;
  /** How a `hang` fault waits: real time by default; a fake clock's sleep in tests (no timing assertions). */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface CreateSessionOptions {
  /** Epoch ms; default now() + 90 minutes, like DingTalk. */
  readonly expiresAt?: number;
  /** Session id (hex in real URLs); random when omitted. */
  readonly id?: string;
}

/** An accepted message, as DingTalk would have posted it into the conversation. */
export interface RecordedMessage {
  readonly session: string;
  readonly body: OutgoingMessageBody;
  readonly msgtype: string;
  /** text.content or markdown.text. */
  readonly text: string;
  readonly atUserIds: readonly string[];
  /** atUserIds without a matching `@id` in the text: DingTalk would not render or notify these. */
  readonly unrenderedMentions: readonly string[];
  readonly bytes: number;
  readonly receivedAt: number;
}

/** Every request that reached the double, accepted or not. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly session: string | undefined;
  readonly bytes: number;
  readonly receivedAt: number;
  /** The HTTP status sent (0 when the socket was closed instead). */
  readonly status: number;
  readonly errcode?: number;
  readonly fault?: WebhookFault['kind'];
}

export interface DingTalkWebhookServer {
  /** e.g. http://127.0.0.1:40123 */
  readonly baseUrl: string;
  /** host:port, as a reply client's allowed-hosts entry. */
  readonly host: string;
  /** Registers a session and returns its webhook URL. */
  createSession(options?: CreateSessionOptions): string;
  /** Makes a session answer 300001 from now on. */
  expireSession(sessionOrUrl: string): void;
  /** Accepted messages, oldest first; all sessions when no session (or URL) is given. */
  messages(sessionOrUrl?: string): RecordedMessage[];
  requests(): RecordedRequest[];
  /** Calls `listener` with every message accepted from now on; returns the function that unsubscribes. */
  onMessage(listener: (message: RecordedMessage) => void): () => void;
  /** Resolves once `n` messages were accepted (for the session, if given); rejects after `timeoutMs` (default 5 s). */
  waitForMessages(
    n: number,
    options?: { readonly timeoutMs?: number; readonly session?: string },
  ): Promise<RecordedMessage[]>;
  /** The next `times` requests (default 1) get this fault; faults queue in order. */
  injectFault(fault: WebhookFault, times?: number): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export async function startDingTalkWebhookServer(
  options: WebhookServerOptions = {},
): Promise<DingTalkWebhookServer> {
  const now = options.now ?? Date.now;
  const rateLimit = options.rateLimit ?? { limit: 20, windowMs: 60_000 };
  const maxBodyBytes = options.maxBodyBytes ?? WEBHOOK_MAX_BODY_BYTES;
  const sessions = new Map<string, SessionState>();
  const inbox = createMessageInbox();
  const requestLog: RecordedRequest[] = [];
  const faults = createFaultQueue();
  const closing = new AbortController();

  const sessionIdOf = (sessionOrUrl: string): string =>
    /^https?:/.test(sessionOrUrl) ? (new URL(sessionOrUrl).searchParams.get('session') ?? '') : sessionOrUrl;

  /** Decides the DingTalk answer for a request that reached a session; records it when accepted. */
  const answer = (post: SessionPost): { errcode: number; errmsg: string } => {
    const judged = judgeSessionPost(sessions.get(post.session), post, { maxBodyBytes, rateLimit }, now());
    if (judged.message) inbox.record(judged.message);
    return judged.reply;
  };

  const requests = {
    path: WEBHOOK_PATH,
    now,
    faults,
    requestLog,
    closing: closing.signal,
    sleep: options.sleep,
    answer,
  };
  const server = createServer((req, res) => {
    handleWebhookRequest(req, res, requests).catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = `127.0.0.1:${port}`;
  const baseUrl = `http://${host}`;

  return {
    baseUrl,
    host,
    createSession(opts = {}) {
      const id = opts.id ?? randomBytes(16).toString('hex');
      sessions.set(id, { expiresAt: opts.expiresAt ?? now() + SESSION_WEBHOOK_LIFETIME_MS, sent: [] });
      return `${baseUrl}${WEBHOOK_PATH}?session=${id}`;
    },
    expireSession(sessionOrUrl) {
      const state = sessions.get(sessionIdOf(sessionOrUrl));
      if (state !== undefined) state.expiresAt = Number.NEGATIVE_INFINITY;
    },
    messages: (sessionOrUrl) =>
      inbox.select(sessionOrUrl === undefined ? undefined : sessionIdOf(sessionOrUrl)),
    requests: () => [...requestLog],
    onMessage: (listener) => inbox.onMessage(listener),
    waitForMessages(n, opts = {}) {
      const session = opts.session === undefined ? undefined : sessionIdOf(opts.session);
      return inbox.waitFor(n, session, opts.timeoutMs ?? 5_000);
    },
    injectFault: (fault, times = 1) => faults.push(fault, times),
    clearFaults: () => faults.clear(),
    async close() {
      closing.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
