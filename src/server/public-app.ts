// The public server: only the chat callback route. The body stays raw so the signature is checked before parsing.
import express, { type Express, type NextFunction, type Request, type Response } from 'express';

/** What a platform gate decides about one raw HTTP request. */
export type CallbackVerdict =
  | { readonly status: 200; readonly accept: () => void }
  | { readonly status: number; readonly reason: string };

export interface CallbackRoute {
  readonly path: string;
  readonly maxBodyBytes: number;
  readonly handle: (req: {
    headers: Request['headers'];
    rawBody: Buffer;
    contentType: string | undefined;
  }) => CallbackVerdict;
}

export interface PublicAppOptions {
  readonly routes: readonly CallbackRoute[];
  /** While draining on SIGTERM new callbacks get 503, so the platform (or the other replica) gets them. */
  readonly acceptingTraffic: () => boolean;
  readonly onRejected: (path: string, status: number, reason: string) => void;
}

export function createPublicApp(opts: PublicAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  for (const route of opts.routes) {
    app.post(
      route.path,
      (_req, res, next) => {
        if (!opts.acceptingTraffic()) {
          opts.onRejected(route.path, 503, 'shutting-down');
          res.status(503).set('Retry-After', '5').json({ error: 'shutting down' });
          return;
        }
        next();
      },
      // Any content type is read raw (bounded); the gate answers 415 itself so its order is the platform's.
      express.raw({ type: () => true, limit: route.maxBodyBytes }),
      (req, res) => {
        const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const verdict = route.handle({
          headers: req.headers,
          rawBody,
          contentType: req.headers['content-type'],
        });
        if ('accept' in verdict) {
          // Answer first: DingTalk redelivers slow callbacks; the command runs after the response.
          res.status(200).json({ msgtype: 'empty' });
          verdict.accept();
          return;
        }
        opts.onRejected(route.path, verdict.status, verdict.reason);
        res.status(verdict.status).json({ error: verdict.reason });
      },
    );
  }
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  // body-parser's errors (oversized, aborted, bad encoding) carry their own status.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const e = err as { status?: number; type?: string };
    const status = typeof e.status === 'number' && e.status >= 400 && e.status < 500 ? e.status : 400;
    const reason = e.type === 'entity.too.large' ? 'body too large' : (e.type ?? 'bad request');
    opts.onRejected(req.path, status, reason);
    if (!res.headersSent) res.status(status).json({ error: reason });
  });
  return app;
}
