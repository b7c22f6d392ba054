// The public app's header hook: a refusal decided from the headers never waits for, reads or inflates the body.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createPublicApp, type CallbackRejection } from '../../../src/server/public-app.ts';
import { openRawConnection } from '../../support/raw-http.ts';

/** The drain bound these tests run with: short, so a refused body that never comes closes the socket quickly. */
const DRAIN_MS = 300;

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
    refusalDrainMs: DRAIN_MS,
  });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { port: (server.address() as AddressInfo).port, handled, rejected };
}

/** Sends only the request head (no body) and returns what the server answered before closing. */
function headOnly(port: number, headers: Record<string, string>): Promise<string> {
  const raw = openRawConnection(port);
  raw.request('/cb', headers);
  return withTimeout(raw.closed, 5000, 'no answer without the body');
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms).unref()),
  ]);
}

const JSON_HEAD = { 'content-type': 'application/json' };

describe('public app: headers before the body', () => {
  it('a small declared body never sent: 401 at once, keep-alive, then the socket is dropped after the drain bound', async () => {
    const { port, handled, rejected } = await start(() => ({ status: 401, reason: 'signature: stale' }));
    const raw = openRawConnection(port);
    const sentAt = Date.now();
    raw.request('/cb', { ...JSON_HEAD, 'content-length': '900' });
    const answer = await raw.nextResponse();
    expect(answer).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n/);
    expect(answer.toLowerCase()).toContain('connection: keep-alive');
    expect(answer.endsWith('{"error":"unauthorized"}')).toBe(true);
    await withTimeout(raw.closed, 5000, 'the socket dropped after the drain bound');
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(DRAIN_MS - 50);
    expect(raw.received()).toBe(answer);
    expect(handled).toEqual([]);
    expect(rejected).toEqual([[401, 'signature: stale']]);
  });

  it('a small declared body sent in full: 401 and the same connection serves the next request', async () => {
    let refuse = true;
    const { port, handled } = await start(() =>
      refuse ? { status: 401, reason: 'signature: bad-signature' } : undefined,
    );
    const raw = openRawConnection(port);
    raw.request('/cb', { ...JSON_HEAD, 'content-length': '11' }, '{"a":"xyz"}');
    const first = await raw.nextResponse();
    expect(first).toMatch(/^HTTP\/1\.1 401 /);
    expect(first.toLowerCase()).not.toContain('connection: close');
    refuse = false;
    raw.request('/cb', { ...JSON_HEAD, 'content-length': '7' }, '{"b":2}');
    expect(await raw.nextResponse()).toMatch(/^HTTP\/1\.1 200 /);
    // The refused body was discarded, never handed on; the second one was.
    expect(handled.map((b) => b.toString())).toEqual(['{"b":2}']);
    raw.socket.destroy();
  });

  it('a body half sent and then stalled: the 401 comes at once, the socket goes after the drain bound', async () => {
    const { port } = await start(() => ({ status: 401, reason: 'signature: bad-signature' }));
    const raw = openRawConnection(port);
    raw.request('/cb', { ...JSON_HEAD, 'content-length': '900' }, 'x'.repeat(400));
    expect(await raw.nextResponse()).toMatch(/^HTTP\/1\.1 401 /);
    await withTimeout(raw.closed, 5000, 'the stalled socket dropped');
  });

  it.each([
    ['a declared length over the limit', { 'content-length': '5000' }],
    ['a chunked body', { 'transfer-encoding': 'chunked' }],
    ['a malformed length', { 'content-length': '12abc' }],
  ])('%s: answered without reading the body, Connection: close, socket closed', async (_name, head) => {
    const { port, handled } = await start(() => ({ status: 401, reason: 'signature: stale' }));
    const raw = openRawConnection(port);
    raw.request('/cb', { ...JSON_HEAD, ...head });
    const answer = await withTimeout(raw.closed, 5000, 'closed at once');
    expect(answer.startsWith('HTTP/1.1 4')).toBe(true);
    if (answer.startsWith('HTTP/1.1 401')) expect(answer.toLowerCase()).toContain('connection: close');
    expect(raw.socket.bytesWritten).toBeLessThan(300);
    expect(handled).toEqual([]);
  });

  it('every 401 has the same bytes whatever the reason, before or after the body is read', async () => {
    let reason = 'signature: bad-signature';
    const { port } = await start(() => (reason === '' ? undefined : { status: 401, reason }));
    const strip = (s: string) => s.replace(/^date:.*\r\n/im, '');
    const raw = openRawConnection(port);
    const ask = async () => {
      raw.request('/cb', { ...JSON_HEAD, 'content-length': '0' });
      return strip(await raw.nextResponse());
    };
    const before = await ask();
    reason = 'signature: future';
    const other = await ask();
    reason = '';
    // An empty body reaches handle, which answers 401 (replayed) after the body was read.
    const after = await ask();
    expect(other).toBe(before);
    expect(after).toBe(before);
    raw.socket.destroy();
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
