// The internal server: Prometheus metrics and probes, on a port that is never exposed to chat platforms.
import express, { type Express } from 'express';
import type { Registry } from 'prom-client';

export interface Probes {
  /** Liveness: the event loop answers, and no loop that must run for the life of the process died. */
  readonly healthy: () => { ok: boolean; reason?: string };
  /** Readiness: the ChatCommand informer has synced and the process is not shutting down. */
  readonly ready: () => { ok: boolean; reason?: string };
}

export function createInternalApp(registry: Registry, probes: Probes): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', async (_req, res) => {
    res.set('Content-Type', registry.contentType);
    res.send(await registry.metrics());
  });
  app.get('/healthz', (_req, res) => {
    const h = probes.healthy();
    if (h.ok) res.type('text/plain').send('ok');
    else
      res
        .status(500)
        .type('text/plain')
        .send(`unhealthy: ${h.reason ?? 'unknown'}`);
  });
  app.get('/readyz', (_req, res) => {
    const r = probes.ready();
    if (r.ok) res.type('text/plain').send('ok');
    else
      res
        .status(503)
        .type('text/plain')
        .send(`not ready: ${r.reason ?? 'starting'}`);
  });
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('not found');
  });
  return app;
}
