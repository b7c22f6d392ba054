// How a public route answers a refusal decided before the body was read: keep the connection when the unread body
// is small, declared and arrives promptly; drop the socket otherwise (docs/design/0020-callback-hot-path.md).
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/** The body every 401 gets, whatever its reason: a client learns nothing about its timestamp or signature. */
export const UNAUTHORIZED_BODY = { error: 'unauthorized' } as const;

/**
 * How long a refused request's declared body may take to arrive before the socket is dropped. A callback of at most
 * 64 KiB takes milliseconds on any working link; a sender slower than this is holding the socket, not sending.
 */
export const DEFAULT_REFUSAL_DRAIN_MS = 2_000;

/**
 * The declared body size when the request can be drained safely: a single plain Content-Length within `maxBytes`
 * and no Transfer-Encoding. Undefined for chunked, undeclared, malformed or oversized bodies.
 */
export function drainableBodyBytes(headers: IncomingHttpHeaders, maxBytes: number): number | undefined {
  if (headers['transfer-encoding'] !== undefined) return undefined;
  const declared = headers['content-length'];
  if (declared === undefined || !/^\d{1,10}$/.test(declared)) return undefined;
  const bytes = Number(declared);
  return bytes <= maxBytes ? bytes : undefined;
}

/**
 * Answers `status` before the body is read. A small declared body is discarded as it arrives (never buffered) and
 * the connection stays open for the client's next request, as a bare server's would; if it has not arrived within
 * `drainMs` the socket is destroyed. A body that is chunked, undeclared or over `maxBytes` is never read: the answer
 * says `Connection: close` and the socket goes with it.
 */
export function refuseBeforeBody(
  req: IncomingMessage,
  res: ServerResponse,
  refusal: {
    readonly status: number;
    readonly reason: string;
    readonly maxBytes: number;
    readonly drainMs: number;
  },
): void {
  if (drainableBodyBytes(req.headers, refusal.maxBytes) === undefined) {
    answerRefusal(res, refusal.status, refusal.reason, { close: true });
    return;
  }
  drainWithin(req, refusal.drainMs);
  answerRefusal(res, refusal.status, refusal.reason, { close: false });
}

/** Writes a refusal: 401 always with the same body; other statuses name their reason. */
export function answerRefusal(
  res: ServerResponse,
  status: number,
  reason: string,
  opts: { readonly close: boolean; readonly headers?: Record<string, string> },
): void {
  sendJson(res, status, status === 401 ? UNAUTHORIZED_BODY : { error: reason }, {
    ...opts.headers,
    ...(opts.close ? { Connection: 'close' } : {}),
  });
}

/** A JSON answer written in one go, with the headers Express's res.json would give it (no ETag: nothing caches it). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/**
 * Discards the rest of the request body; destroys the socket unless it is all in within `ms`. Node would drain an
 * unread body after the response by itself (IncomingMessage._dump in resOnFinish), but without a bound shorter than
 * the server's requestTimeout: this is the bound.
 */
function drainWithin(req: IncomingMessage, ms: number): void {
  if (req.complete) return;
  const timer = setTimeout(() => req.socket.destroy(), ms);
  timer.unref();
  req.once('end', () => clearTimeout(timer));
  req.resume();
}
