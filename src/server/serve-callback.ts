// One platform callback on plain node:http, without Express: draining check, headers judged before the body, the
// body read raw and bounded (never inflated), the gate's verdict written in one go. The hot path of the public port.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallbackRoute } from './public-app.ts';
import { answerRefusal, refuseBeforeBody, sendJson } from './refuse-before-body.ts';

export interface ServeCallbackHooks {
  readonly acceptingTraffic: () => boolean;
  readonly onRejected: (path: string, status: number, reason: string, hint?: string) => void;
  readonly drainMs: number;
}

/** The route whose path this request names (case-insensitive, one trailing slash allowed, as Express matched). */
export function findCallbackRoute(
  routes: ReadonlyMap<string, CallbackRoute>,
  req: IncomingMessage,
): CallbackRoute | undefined {
  if (req.method !== 'POST' || req.url === undefined) return undefined;
  const query = req.url.indexOf('?');
  let path = (query === -1 ? req.url : req.url.slice(0, query)).toLowerCase();
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return routes.get(path);
}

/**
 * Serves one callback; a bug in a gate (a throw) becomes a 500 and a log line, never an uncaught exception — Express
 * used to catch these, and outside it nothing else would.
 */
export function serveCallback(
  route: CallbackRoute,
  req: IncomingMessage,
  res: ServerResponse,
  hooks: ServeCallbackHooks,
): void {
  const fail = (err: unknown): void => {
    hooks.onRejected(route.path, 500, `internal error: ${err instanceof Error ? err.message : String(err)}`);
    if (!res.headersSent) answerRefusal(res, 500, 'internal error', { close: true });
  };
  try {
    serveUnguarded(route, req, res, hooks, fail);
  } catch (err) {
    fail(err);
  }
}

function serveUnguarded(
  route: CallbackRoute,
  req: IncomingMessage,
  res: ServerResponse,
  hooks: ServeCallbackHooks,
  fail: (err: unknown) => void,
): void {
  const reject = (status: number, reason: string, close: boolean): void => {
    hooks.onRejected(route.path, status, reason, route.hintFor?.(status));
    answerRefusal(res, status, reason, { close });
  };
  if (!hooks.acceptingTraffic()) {
    hooks.onRejected(route.path, 503, 'shutting-down');
    // Draining: the connection goes too, so the client's next attempt reaches a replica that stays.
    answerRefusal(res, 503, 'shutting down', { close: true, headers: { 'Retry-After': '5' } });
    return;
  }
  const contentType = req.headers['content-type'];
  const rejection = route.checkHeaders?.({ headers: req.headers, contentType });
  if (rejection !== undefined) {
    hooks.onRejected(route.path, rejection.status, rejection.reason, route.hintFor?.(rejection.status));
    refuseBeforeBody(req, res, { ...rejection, maxBytes: route.maxBodyBytes, drainMs: hooks.drainMs });
    return;
  }
  // Without a gate's own header check: never inflate, never start reading what is declared too large.
  const encoding = req.headers['content-encoding']?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== '' && encoding !== 'identity') {
    reject(415, 'encoding.unsupported', true);
    return;
  }
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > route.maxBodyBytes) {
    reject(413, 'body too large', true);
    return;
  }
  readBounded(req, route.maxBodyBytes, (body) => {
    try {
      afterBody(body);
    } catch (err) {
      fail(err);
    }
  });

  function afterBody(body: Buffer | 'too-large' | 'aborted'): void {
    if (body === 'too-large') {
      reject(413, 'body too large', true);
      return;
    }
    if (body === 'aborted') {
      // The client went away mid-body: nobody is left to answer, only the log and the metric.
      hooks.onRejected(route.path, 400, 'request.aborted');
      return;
    }
    const verdict = route.handle({ headers: req.headers, rawBody: body, contentType });
    if ('accept' in verdict) {
      // Answer first: platforms may redeliver slow callbacks; the command runs after the response.
      sendJson(res, 200, verdict.body);
      verdict.accept();
      return;
    }
    // The body was read in full: nothing is left on the wire, so the connection can serve the next request.
    reject(verdict.status, verdict.reason, false);
  }
}

/** Collects the body up to `maxBytes`; past it, stops collecting and reports 'too-large' at once. */
function readBounded(
  req: IncomingMessage,
  maxBytes: number,
  done: (body: Buffer | 'too-large' | 'aborted') => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let settled = false;
  const settle = (body: Buffer | 'too-large' | 'aborted'): void => {
    if (settled) return;
    settled = true;
    done(body);
  };
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBytes) {
      chunks.length = 0;
      settle('too-large');
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => settle(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)));
  req.on('error', () => settle('aborted'));
  req.on('close', () => {
    if (!req.complete) settle('aborted');
  });
}
