// The reply sender's default transport: what it returns, that it never follows a redirect, that the signal bounds it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson } from '../../../../src/platforms/dingtalk/post-json.ts';

let server: Server;
let base = '';
const seen: Array<{ url: string; type: string; body: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', type: req.headers['content-type'] ?? '', body });
      if (req.url === '/redirect') res.writeHead(302, { location: '/ok' }).end();
      else if (req.url === '/hang') return;
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const init = (signal = AbortSignal.timeout(2000)) => ({
  method: 'POST' as const,
  headers: { 'content-type': 'application/json' },
  body: '{"msgtype":"text"}',
  redirect: 'manual' as const,
  signal,
});

describe('postJson', () => {
  it('posts the JSON body and returns the status and the text', async () => {
    const res = await postJson(`${base}/ok`, init());
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('{"errcode":0,"errmsg":"ok"}');
    expect(seen.at(-1)).toEqual({ url: '/ok', type: 'application/json', body: '{"msgtype":"text"}' });
  });

  it('never follows a redirect: the 302 itself is the answer', async () => {
    const before = seen.length;
    const res = await postJson(`${base}/redirect`, init());
    expect(res.status).toBe(302);
    await res.text();
    expect(seen.slice(before).map((s) => s.url)).toEqual(['/redirect']);
  });

  it('the signal bounds the exchange: a webhook that never answers rejects with the timeout', async () => {
    await expect(postJson(`${base}/hang`, init(AbortSignal.timeout(200)))).rejects.toMatchObject({
      name: 'TimeoutError',
    });
  });
});
