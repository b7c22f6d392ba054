import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createPublicApp, type CallbackVerdict } from '../../../src/server/public-app.ts';

let server: Server | undefined;
afterEach(() => server?.close());

async function start(
  handle: (raw: Buffer) => CallbackVerdict,
  accepting = true,
): Promise<{ url: string; rejected: Array<[number, string]> }> {
  const rejected: Array<[number, string]> = [];
  const app = createPublicApp({
    routes: [{ path: '/callbacks/test', maxBodyBytes: 100, handle: (r) => handle(r.rawBody) }],
    acceptingTraffic: () => accepting,
    onRejected: (_p, status, reason) => rejected.push([status, reason]),
  });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callbacks/test`, rejected };
}

describe('public app', () => {
  it('answers 200 before running the accepted work', async () => {
    const order: string[] = [];
    const { url } = await start(() => ({
      status: 200,
      body: { msgtype: 'empty' },
      accept: () => order.push('accepted'),
    }));
    const res = await fetch(url, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ msgtype: 'empty' });
    expect(order).toEqual(['accepted']);
  });

  it('passes the raw bytes to the gate and relays its rejection', async () => {
    let seen = '';
    const { url, rejected } = await start((raw) => {
      seen = raw.toString('utf8');
      return { status: 401, reason: 'signature: bad-signature' };
    });
    const res = await fetch(url, {
      method: 'POST',
      body: '{"a": 1}',
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(401);
    expect(seen).toBe('{"a": 1}');
    expect(rejected).toEqual([[401, 'signature: bad-signature']]);
  });

  it('answers 413 to an oversized body without calling the gate', async () => {
    let called = false;
    const { url, rejected } = await start(() => {
      called = true;
      return { status: 400, reason: 'x' };
    });
    const res = await fetch(url, {
      method: 'POST',
      body: 'x'.repeat(1000),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(called).toBe(false);
    expect(rejected[0]?.[0]).toBe(413);
  });

  it('answers 503 while shutting down', async () => {
    const { url } = await start(
      () => ({ status: 200, body: { msgtype: 'empty' }, accept: () => undefined }),
      false,
    );
    const res = await fetch(url, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(503);
  });

  it('answers 404 elsewhere', async () => {
    const { url } = await start(() => ({ status: 200, body: { msgtype: 'empty' }, accept: () => undefined }));
    expect((await fetch(url.replace('/callbacks/test', '/admin'))).status).toBe(404);
  });
});
