// The public app's header hook: a refusal decided from the headers never waits for, reads or inflates the body.
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createPublicApp, type CallbackRejection } from '../../../src/server/public-app.ts';

let server: Server | undefined;
afterEach(() => server?.close());

async function start(checkHeaders: (h: Record<string, unknown>) => CallbackRejection | undefined) {
  const handled: Buffer[] = [];
  const rejected: Array<[number, string]> = [];
  const app = createPublicApp({
    routes: [
      {
        path: '/cb',
        maxBodyBytes: 1000,
        checkHeaders: (r) => checkHeaders(r.headers),
        handle: (r) => {
          handled.push(r.rawBody);
          return r.rawBody.length === 0
            ? { status: 401, reason: 'signature: replayed' }
            : { status: 200, body: { msgtype: 'empty' }, accept: () => undefined };
        },
      },
    ],
    acceptingTraffic: () => true,
    onRejected: (_p, status, reason) => rejected.push([status, reason]),
  });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { port: (server.address() as AddressInfo).port, handled, rejected };
}

/** Sends only the request head (no body) and returns what the server answered before closing. */
function headOnly(port: number, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (c: Buffer) => (text += c.toString()));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
    const lines = ['POST /cb HTTP/1.1', 'Host: x', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    setTimeout(() => reject(new Error('no answer without the body')), 5000).unref();
  });
}

describe('public app: headers before the body', () => {
  it('answers a header refusal without the body ever being sent, closes the socket, never calls handle', async () => {
    const { port, handled, rejected } = await start(() => ({ status: 401, reason: 'signature: stale' }));
    const answer = await headOnly(port, { 'content-type': 'application/json', 'content-length': '900' });
    expect(answer).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n/);
    expect(answer.toLowerCase()).toContain('connection: close');
    expect(answer.endsWith('{"error":"unauthorized"}')).toBe(true);
    expect(handled).toEqual([]);
    expect(rejected).toEqual([[401, 'signature: stale']]);
  });

  it('every 401 has the same body whatever the reason, before or after the body is read', async () => {
    let reason = 'signature: bad-signature';
    const { port } = await start(() => (reason === '' ? undefined : { status: 401, reason }));
    const strip = (s: string) => s.replace(/^date:.*\r\n/im, '');
    const before = strip(await headOnly(port, { 'content-type': 'application/json', 'content-length': '0' }));
    reason = 'signature: future';
    const other = strip(await headOnly(port, { 'content-type': 'application/json', 'content-length': '0' }));
    reason = '';
    // An empty body reaches handle, which answers 401 (replayed) after the body was read.
    const after = strip(await headOnly(port, { 'content-type': 'application/json', 'content-length': '0' }));
    expect(other).toBe(before);
    expect(after).toBe(before);
  });

  it('other statuses keep their reason for the client', async () => {
    const { port } = await start(() => ({ status: 415, reason: 'content type must be application/json' }));
    const answer = await headOnly(port, { 'content-type': 'text/plain', 'content-length': '5' });
    expect(answer).toMatch(/^HTTP\/1\.1 415 /);
    expect(answer).toContain('content type must be application/json');
  });

  it('without a header refusal, a compressed body is still never inflated (415)', async () => {
    const { port, handled } = await start(() => undefined);
    const zipped = gzipSync(Buffer.from('{"a":"' + 'x'.repeat(100_000) + '"}'));
    const res = await fetch(`http://127.0.0.1:${port}/cb`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: zipped,
    });
    expect(res.status).toBe(415);
    expect(handled).toEqual([]);
  });

  it('a chunked body over the limit is cut off at the limit with 413', async () => {
    const { port, handled } = await start(() => undefined);
    const res = await fetch(`http://127.0.0.1:${port}/cb`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(c) {
          for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode('x'.repeat(500)));
          c.close();
        },
      }),
      duplex: 'half',
    });
    expect(res.status).toBe(413);
    expect(handled).toEqual([]);
  });
});
