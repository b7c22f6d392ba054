import { connect, type AddressInfo } from 'node:net';
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

  it('matches the callback path as Express did: any case, one trailing slash, a query string; GET is 404', async () => {
    const bodies: string[] = [];
    const { url } = await start((raw) => {
      bodies.push(raw.toString());
      return { status: 200, body: { msgtype: 'empty' }, accept: () => undefined };
    });
    const post = (u: string) =>
      fetch(u, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect((await post(url.replace('/callbacks/test', '/Callbacks/TEST'))).status).toBe(200);
    expect((await post(`${url}/`)).status).toBe(200);
    expect((await post(`${url}?x=1`)).status).toBe(200);
    expect((await post(`${url}/more`)).status).toBe(404);
    expect((await fetch(url)).status).toBe(404);
    expect(bodies).toEqual(['{}', '{}', '{}']);
  });

  it('reads a chunked body within the limit whole, and the 200 is JSON as before', async () => {
    let seen = '';
    const { url } = await start((raw) => {
      seen = raw.toString();
      return { status: 200, body: { msgtype: 'empty' }, accept: () => undefined };
    });
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(c) {
          for (const part of ['{"a":', '"b', '"}']) c.enqueue(new TextEncoder().encode(part));
          c.close();
        },
      }),
      duplex: 'half',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.text()).toBe('{"msgtype":"empty"}');
    expect(seen).toBe('{"a":"b"}');
  });

  it('an upload aborted mid-body never reaches the gate; it is logged as aborted', async () => {
    let called = false;
    const { url, rejected } = await start(() => {
      called = true;
      return { status: 200, body: {}, accept: () => undefined };
    });
    const { port } = new URL(url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.write(
      'POST /callbacks/test HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{"a"',
    );
    await new Promise((r) => setTimeout(r, 100));
    socket.destroy();
    await new Promise((r) => setTimeout(r, 100));
    expect(called).toBe(false);
    expect(rejected).toEqual([[400, 'request.aborted']]);
  });

  it('a gate that throws gets a 500 and a log line; the server keeps serving', async () => {
    let boom = true;
    const { url, rejected } = await start(() => {
      if (boom) throw new Error('gate bug');
      return { status: 200, body: { msgtype: 'empty' }, accept: () => undefined };
    });
    const post = () =>
      fetch(url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    const failed = await post();
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ error: 'internal error' });
    expect(rejected).toEqual([[500, 'internal error: gate bug']]);
    boom = false;
    expect((await post()).status).toBe(200);
  });
});
