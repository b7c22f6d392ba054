// The receiver on the real public app: what Alertmanager gets back for each kind of request.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryDeliveryRecords } from '../../../src/alerts/delivery-records.ts';
import { ALERTS_PATH, createAlertsRoute } from '../../../src/app/alerts-route.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { createPublicApp } from '../../../src/server/public-app.ts';
import { alert, group, route } from '../alerts/fixtures.ts';

const TOKEN = 'unit-token-0123456789';
let server: Server;
let url = '';
let accepting = true;
let failSends = false;
const sent: string[] = [];
const rejected: Array<[number, string]> = [];

beforeAll(async () => {
  const app = createPublicApp({
    routes: [],
    acceptingTraffic: () => accepting,
    onRejected: (_p, status, reason) => void rejected.push([status, reason]),
    asyncRoutes: [
      createAlertsRoute({
        tokens: [TOKEN],
        maxBodyBytes: 4096,
        log: silentLogger,
        deliver: {
          routes: () => [route('shop', 'r')],
          clusterNamespaces: [],
          destinations: {
            budgetFor: () => 13_000,
            send: (r, m) => {
              if (failSends) return Promise.resolve({ ok: false, transient: true, reason: 'errcode 130101' });
              sent.push(`${r.key}: ${m.title}`);
              return Promise.resolve({ ok: true });
            },
          },
          records: createMemoryDeliveryRecords({ dedupeMs: 600_000, sendingMs: 60_000 }),
          defaultLocale: 'en',
          log: silentLogger,
        },
      }),
    ],
  });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${ALERTS_PATH}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const post = (body: string, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, ...headers },
    body,
  });
const payload = (name: string): string =>
  JSON.stringify(group([alert({ alertname: name, namespace: 'shop' }, { fingerprint: name })]));

describe('POST /alerts/alertmanager', () => {
  it('200 once delivered; the same notification again is a duplicate, not a second message', async () => {
    const a = await post(payload('A'));
    expect(a.status).toBe(200);
    expect(await a.json()).toEqual({ status: 'delivered', routes: 1, delivered: 1, duplicate: 0, failed: 0 });
    expect((await post(payload('A'))).status).toBe(200);
    expect(sent).toHaveLength(1);
  });

  it('503 while a delivery may pass, so Alertmanager retries', async () => {
    failSends = true;
    const r = await post(payload('B'));
    failSends = false;
    expect(r.status).toBe(503);
    expect((await post(payload('B'))).status).toBe(200);
  });

  it.each([
    ['no token', { authorization: '' }, 401],
    ['a wrong token', { authorization: 'Bearer nope-nope-nope-nope' }, 401],
    ['basic auth', { authorization: `Basic ${TOKEN}` }, 401],
    ['text/plain', { 'content-type': 'text/plain' }, 415],
    ['gzip', { 'content-encoding': 'gzip' }, 415],
  ])('refuses %s before reading the body', async (_n, headers, status) => {
    const r = await post(payload('C'), headers);
    expect(r.status).toBe(status);
    if (status === 401) expect(await r.json()).toEqual({ error: 'unauthorized' });
    // A small declared body is discarded and the connection kept (docs/design/0020); a large one closes it.
    expect(r.headers.get('connection')).toBe('keep-alive');
  });

  it('a refusal with a declared body over the limit closes the connection without reading it', async () => {
    const r = await post(JSON.stringify({ pad: 'x'.repeat(5000) }), {
      authorization: 'Bearer nope-nope-nope-nope',
    });
    expect(r.status).toBe(401);
    expect(r.headers.get('connection')).toBe('close');
  });

  it('413 for a body over the limit, 400 for one that is not webhook v4', async () => {
    expect((await post(JSON.stringify({ pad: 'x'.repeat(5000) }))).status).toBe(413);
    const bad = await post(JSON.stringify({ version: '4', alerts: 'no' }));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'alerts must be an array' });
  });

  it('503 while shutting down', async () => {
    accepting = false;
    const r = await post(payload('D'));
    accepting = true;
    expect(r.status).toBe(503);
    expect(rejected.some(([s, reason]) => s === 503 && reason === 'shutting-down')).toBe(true);
  });
});
