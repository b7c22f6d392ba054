// A public route that answers only after its work is done (the Alertmanager receiver: its status code decides
// whether Alertmanager retries). Same gate order as the chat callback: headers judged before the body is read.
import express, { type Express, type Request } from 'express';
import type { CallbackRejection } from './public-app.ts';
import { answerRefusal, refuseBeforeBody } from './refuse-before-body.ts';

export interface AsyncRoute {
  readonly path: string;
  readonly maxBodyBytes: number;
  readonly checkHeaders: (headers: Request['headers']) => CallbackRejection | undefined;
  readonly respond: (rawBody: Buffer) => Promise<{ readonly status: number; readonly body: unknown }>;
}

export interface AsyncRouteHooks {
  readonly acceptingTraffic: () => boolean;
  readonly onRejected: (path: string, status: number, reason: string) => void;
  /** How long a refused request's small declared body may take to arrive before its socket is dropped. */
  readonly drainMs: number;
}

export function mountAsyncRoute(app: Express, route: AsyncRoute, hooks: AsyncRouteHooks): void {
  app.post(
    route.path,
    (req, res, next) => {
      if (!hooks.acceptingTraffic()) {
        hooks.onRejected(route.path, 503, 'shutting-down');
        // Draining: the connection goes too, so the retry reaches a replica that stays.
        answerRefusal(res, 503, 'shutting-down', { close: true });
        return;
      }
      const rejection: CallbackRejection | undefined = route.checkHeaders(req.headers);
      if (rejection === undefined) return next();
      hooks.onRejected(route.path, rejection.status, rejection.reason);
      refuseBeforeBody(req, res, { ...rejection, maxBytes: route.maxBodyBytes, drainMs: hooks.drainMs });
    },
    express.raw({ type: () => true, limit: route.maxBodyBytes, inflate: false }),
    (req, res) => {
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      route.respond(rawBody).then(
        ({ status, body }) => {
          if (status >= 400) hooks.onRejected(route.path, status, 'delivery');
          res.status(status).json(body);
        },
        () => {
          hooks.onRejected(route.path, 500, 'internal error');
          res.status(500).json({ error: 'internal error' });
        },
      );
    },
  );
}
