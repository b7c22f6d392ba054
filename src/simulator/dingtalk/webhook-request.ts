// One request to the sessionWebhook double: an injected fault first (it may replace the answer or delay it), then
// the path and method, then DingTalk's answer for the session; every request is logged, answered or not.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { SessionPost } from './judge-session-post.ts';
import type { FaultQueue, WebhookFault } from './webhook-faults.ts';
import type { RecordedRequest } from './webhook-server.ts';

// Bodies far beyond DingTalk's limit are counted but not kept.
const MAX_COLLECTED_BYTES = 1024 * 1024;

export interface WebhookRequestContext {
  /** The sessionWebhook's path (everything else is 404). */
  readonly path: string;
  readonly now: () => number;
  readonly faults: FaultQueue;
  readonly requestLog: RecordedRequest[];
  /** Aborted when the server closes: a hang ends then. */
  readonly closing: AbortSignal;
  readonly sleep: ((ms: number) => Promise<void>) | undefined;
  /** DingTalk's answer for a request that reached a session; records it when accepted. */
  readonly answer: (post: SessionPost) => { errcode: number; errmsg: string };
}

export async function handleWebhookRequest(
  req: IncomingMessage,
  res: ServerResponse,
  c: WebhookRequestContext,
): Promise<void> {
  const { raw, total } = await readBody(req);
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const session = url.searchParams.get('session') ?? undefined;
  const base = { method: req.method ?? '', path: url.pathname, session, bytes: total };
  const log = (entry: { status: number; errcode?: number; fault?: WebhookFault['kind'] }): void => {
    c.requestLog.push({ ...base, receivedAt: c.now(), ...entry });
  };

  const fault = c.faults.take();
  if (fault && (await applyFault(fault, req, res, log, c.closing, c.sleep)) === 'answered') return;

  if (url.pathname !== c.path) {
    log({ status: 404, ...(fault ? { fault: fault.kind } : {}) });
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  if (req.method !== 'POST') {
    log({ status: 405, ...(fault ? { fault: fault.kind } : {}) });
    res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain' }).end('method not allowed');
    return;
  }
  const reply = c.answer({ session: session ?? '', raw, total, contentType: req.headers['content-type'] });
  log({ status: 200, errcode: reply.errcode, ...(fault ? { fault: fault.kind } : {}) });
  sendJson(res, reply);
}

async function readBody(req: IncomingMessage): Promise<{ raw: Buffer; total: number }> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    total += buf.length;
    if (total <= MAX_COLLECTED_BYTES) chunks.push(buf);
  }
  return { raw: Buffer.concat(chunks), total };
}

function sendJson(res: ServerResponse, body: { errcode: number; errmsg: string }): void {
  res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' }).end(JSON.stringify(body));
}

/** Plays an injected fault; 'answered' when the fault replaced DingTalk's answer, 'continue' after a hang. */
async function applyFault(
  fault: WebhookFault,
  req: IncomingMessage,
  res: ServerResponse,
  log: (entry: { status: number; errcode?: number; fault?: WebhookFault['kind'] }) => void,
  closing: AbortSignal,
  sleep: ((ms: number) => Promise<void>) | undefined,
): Promise<'answered' | 'continue'> {
  switch (fault.kind) {
    case 'close-socket':
      log({ status: 0, fault: fault.kind });
      req.socket.destroy();
      return 'answered';
    case 'http-status':
      log({ status: fault.status, fault: fault.kind });
      res.writeHead(fault.status, { 'content-type': 'text/plain' }).end(fault.body ?? 'injected fault');
      return 'answered';
    case 'errcode':
      log({ status: 200, errcode: fault.errcode, fault: fault.kind });
      sendJson(res, { errcode: fault.errcode, errmsg: fault.errmsg ?? 'injected fault' });
      return 'answered';
    case 'hang':
      try {
        await (sleep
          ? Promise.race([sleep(fault.ms), abortion(closing)])
          : delay(fault.ms, undefined, { signal: closing }));
        return 'continue';
      } catch {
        req.socket.destroy();
        return 'answered';
      }
  }
}

/** Rejects when the signal aborts (at once if it already has): a hang ends when the server closes. */
function abortion(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (signal.aborted) reject(new Error('closed'));
    else signal.addEventListener('abort', () => reject(new Error('closed')), { once: true });
  });
}
