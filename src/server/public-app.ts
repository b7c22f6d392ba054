// The public server: the platforms' callback routes. Headers are judged before the body is read; the body stays raw.
import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { mountAsyncRoute, type AsyncRoute } from './async-route.ts';
import { answerRefusal, DEFAULT_REFUSAL_DRAIN_MS } from './refuse-before-body.ts';
import { findCallbackRoute, serveCallback } from './serve-callback.ts';

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

type Handle = (req: IncomingMessage, res: ServerResponse, next?: NextFunction) => void;

export function createPublicApp(opts: PublicAppOptions): Express {
  const app = express();
  const drainMs = opts.refusalDrainMs ?? DEFAULT_REFUSAL_DRAIN_MS;
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  // The callback routes bypass Express: on the hot path its router, body parser and response helpers cost more than
  // the gate itself (docs/benchmarks.md, issue 16). Everything else (alerts, 404, errors) stays on Express.
  const routes = new Map(opts.routes.map((r) => [r.path.toLowerCase(), r]));
  const hooks = { acceptingTraffic: opts.acceptingTraffic, onRejected: opts.onRejected, drainMs };
  // The Express app is `(req, res, next) => app.handle(req, res, next)`; wrapping handle keeps app.listen and
  // every caller of the app unchanged. Express's types do not declare handle, hence the cast.
  const inner = app as unknown as { handle: Handle };
  const expressHandle = inner.handle.bind(app);
  inner.handle = (req, res, next) => {
    const route = findCallbackRoute(routes, req);
    if (route === undefined) expressHandle(req, res, next);
    else serveCallback(route, req, res, hooks);
  };
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
