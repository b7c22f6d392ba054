// The public server: the platforms' callback routes. Headers are judged before the body is read; the body stays raw.
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { mountAsyncRoute, type AsyncRoute } from './async-route.ts';
import { answerRefusal, DEFAULT_REFUSAL_DRAIN_MS, refuseBeforeBody } from './refuse-before-body.ts';

export { UNAUTHORIZED_BODY } from './refuse-before-body.ts';

/** What a platform gate decides about one raw HTTP request. */
export type CallbackVerdict =
  | { readonly status: 200; readonly body: unknown; readonly accept: () => void }
  | { readonly status: number; readonly reason: string };

/** A refusal; its reason goes to the log (onRejected), and to the client unless the status is 401. */
export interface CallbackRejection {
  readonly status: number;
  readonly reason: string;
}

export interface CallbackRoute {
  readonly path: string;
  readonly maxBodyBytes: number;
  /**
   * Judges the headers alone, before a byte of the body is read or buffered: a refusal here (unknown media type,
   * a declared length over the limit, a bad signature) costs the server no body. Undefined lets the body be read.
   */
  readonly checkHeaders?: (req: {
    headers: Request['headers'];
    contentType: string | undefined;
  }) => CallbackRejection | undefined;
  readonly handle: (req: {
    headers: Request['headers'];
    rawBody: Buffer;
    contentType: string | undefined;
  }) => CallbackVerdict;
  /** What an operator should check when this route refuses with `status` (logged beside the reason). */
  readonly hintFor?: (status: number) => string | undefined;
}

export interface PublicAppOptions {
  readonly routes: readonly CallbackRoute[];
  /** While draining on SIGTERM new callbacks get 503, so the platform (or the other replica) gets them. */
  readonly acceptingTraffic: () => boolean;
  readonly onRejected: (path: string, status: number, reason: string, hint?: string) => void;
  /** Routes answered after their work (the Alertmanager receiver). */
  readonly asyncRoutes?: readonly AsyncRoute[];
  /** How long a refused request's small declared body may take to arrive before its socket is dropped. */
  readonly refusalDrainMs?: number;
}

export function createPublicApp(opts: PublicAppOptions): Express {
  const app = express();
  const drainMs = opts.refusalDrainMs ?? DEFAULT_REFUSAL_DRAIN_MS;
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  for (const route of opts.routes) {
    app.post(
      route.path,
      (_req, res, next) => {
        if (!opts.acceptingTraffic()) {
          opts.onRejected(route.path, 503, 'shutting-down');
          // Draining: the connection goes too, so the client's next attempt reaches a replica that stays.
          res.status(503).set({ 'Retry-After': '5', Connection: 'close' }).json({ error: 'shutting down' });
          return;
        }
        next();
      },
      (req, res, next) => {
        const rejection = route.checkHeaders?.({
          headers: req.headers,
          contentType: req.headers['content-type'],
        });
        if (rejection === undefined) {
          next();
          return;
        }
        opts.onRejected(route.path, rejection.status, rejection.reason, route.hintFor?.(rejection.status));
        refuseBeforeBody(req, res, { ...rejection, maxBytes: route.maxBodyBytes, drainMs });
      },
      // Any content type is read raw (bounded, never inflated); the gate answers 415 itself so its order is the
      // platform's. An encoded body is refused by checkHeaders; without it, body-parser answers 415 too.
      express.raw({ type: () => true, limit: route.maxBodyBytes, inflate: false }),
      (req, res) => {
        const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const verdict = route.handle({
          headers: req.headers,
          rawBody,
          contentType: req.headers['content-type'],
        });
        if ('accept' in verdict) {
          // Answer first: platforms may redeliver slow callbacks; the command runs after the response.
          res.status(200).json(verdict.body);
          verdict.accept();
          return;
        }
        opts.onRejected(route.path, verdict.status, verdict.reason, route.hintFor?.(verdict.status));
        // The body was read in full: nothing is left on the wire, so the connection can serve the next request.
        answerRefusal(res, verdict.status, verdict.reason, { close: false });
      },
    );
  }
  for (const route of opts.asyncRoutes ?? []) mountAsyncRoute(app, route, { ...opts, drainMs });
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  // body-parser's errors (oversized, aborted, bad encoding) carry their own status.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const e = err as { status?: number; type?: string };
    const status = typeof e.status === 'number' && e.status >= 400 && e.status < 500 ? e.status : 400;
    const reason = e.type === 'entity.too.large' ? 'body too large' : (e.type ?? 'bad request');
    opts.onRejected(req.path, status, reason);
    // The body was cut off (too large, aborted) or is unreadable: what is left on the wire goes with the socket.
    if (!res.headersSent) answerRefusal(res, status, reason, { close: true });
  });
  return app;
}
