// A minimal stand-in for DingTalk's sessionWebhook: answers every reply with errcode 0 and counts them, cheaply,
// so a throughput benchmark measures kubetalk rather than the double's validation.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReplySink {
  /** host:port, for KUBETALK_REPLY_ALLOWED_HOSTS. */
  readonly host: string;
  /** A sessionWebhook URL; replies to it are counted under `session`. */
  sessionUrl(session: string): string;
  /** Replies received so far, in total and for one session. `GET /stats` answers `{"count": total}`. */
  count(session?: string): number;
  /** performance.now() of the last reply received. */
  lastReplyAt(): number;
  /** Resolves when `session` has `n` replies (or rejects after `timeoutMs`); returns performance.now() then. */
  waitFor(session: string, n: number, timeoutMs: number): Promise<number>;
  /** Texts of the replies to one session (kept only when `keepText`). */
  texts(session: string): string[];
  forget(session: string): void;
  close(): Promise<void>;
}

interface Waiter {
  readonly session: string;
  readonly n: number;
  readonly resolve: (at: number) => void;
}

const OK = Buffer.from('{"errcode":0,"errmsg":"ok"}');

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startReplySink(opts: { keepText?: boolean } = {}): Promise<ReplySink> {
  let total = 0;
  let last = 0;
  const perSession = new Map<string, number>();
  const texts = new Map<string, string[]>();
  const waiters = new Set<Waiter>();
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/stats') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ count: total }));
      return;
    }
    void readBody(req).then((body) => {
      const session = new URL(req.url ?? '/', 'http://sink').searchParams.get('session') ?? '';
      total += 1;
      last = performance.now();
      const n = (perSession.get(session) ?? 0) + 1;
      perSession.set(session, n);
      if (opts.keepText === true) {
        const list = texts.get(session) ?? [];
        list.push(body.toString('utf8'));
        texts.set(session, list);
      }
      for (const w of waiters) {
        if (w.session === session && n >= w.n) {
          waiters.delete(w);
          w.resolve(last);
        }
      }
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': OK.length }).end(OK);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const host = `127.0.0.1:${port}`;
  return {
    host,
    sessionUrl: (session) => `http://${host}/robot/sendBySession?session=${encodeURIComponent(session)}`,
    count: (session) => (session === undefined ? total : (perSession.get(session) ?? 0)),
    lastReplyAt: () => last,
    texts: (session) => texts.get(session) ?? [],
    forget(session) {
      perSession.delete(session);
      texts.delete(session);
    },
    waitFor(session, n, timeoutMs) {
      if ((perSession.get(session) ?? 0) >= n) return Promise.resolve(performance.now());
      return new Promise((resolve, reject) => {
        const w: Waiter = {
          session,
          n,
          resolve: (at) => {
            clearTimeout(timer);
            resolve(at);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`no reply #${n} to session ${session} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(w);
      });
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
