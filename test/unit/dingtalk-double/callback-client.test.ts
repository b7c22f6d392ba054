import fc from 'fast-check';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acceptCallback } from '../../../src/platforms/dingtalk/accept-callback.ts';
import { computeSign } from '../../../src/platforms/dingtalk/verify-signature.ts';
import {
  createCallbackBuilder,
  replayCallback,
  sendCallback,
  sendCallbackWithoutHeaders,
  sendCallbackWithWrongSecret,
  sendFutureCallback,
  sendRawCallback,
  sendStaleCallback,
  signCallback,
} from '../../support/dingtalk/index.ts';

const SECRET = 'robot-app-secret';
const NOW = 1_772_376_934_909;
const now = () => NOW;

// A receiver that runs the product's gate, and remembers what arrived on the wire.
let server: Server;
let url: string;
let seen: { headers: IncomingHttpHeaders; body: Buffer }[];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ headers: req.headers, body });
      // DingTalk's own window (1 h): the forgers sit right past it.
      const result = acceptCallback(
        { headers: req.headers, rawBody: body },
        { secrets: [SECRET], now, windowMs: 3_600_000 },
      );
      const answer =
        result.status === 200 ? { msgtype: 'empty', text: result.message.text } : { reason: result.reason };
      res.writeHead(result.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dingtalk/callback`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen = [];
});

const builder = createCallbackBuilder({ seed: 'client', now });
const body = builder.buildGroupMessage({ message: 'get pods' });

describe('signCallback', () => {
  it('matches the reference vector', () => {
    expect(signCallback('this is secret', '1577262236757')).toBe(
      'hmPWwU+7lVdm3ZZz0r9tSfx0L4Q26jWOZr9+Gs6EZQM=',
    );
  });

  it('agrees with the product for any secret and timestamp (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.nat().map(String), (secret, timestamp) => {
        expect(signCallback(secret, timestamp)).toBe(computeSign(secret, timestamp));
      }),
    );
  });
});

describe('sendCallback', () => {
  it('sends exactly the headers DingTalk sends, and the product accepts it', async () => {
    const response = await sendCallback(url, body, { secret: SECRET, now });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ msgtype: 'empty', text: 'get pods' });
    const [request] = seen;
    expect(request?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request?.headers.timestamp).toBe(String(NOW));
    expect(request?.headers.sign).toBe(signCallback(SECRET, String(NOW)));
    expect(request?.body.toString('utf8')).toBe(JSON.stringify(body));
    expect(response.request).toEqual({
      timestamp: String(NOW),
      sign: request?.headers.sign,
      bytes: request?.body,
    });
  });

  it('never signs two callbacks in the same millisecond by default (their (timestamp, sign) would collide)', async () => {
    const sent = await Promise.all(
      Array.from({ length: 20 }, () => sendCallback(url, body, { secret: SECRET }).then((r) => r.request)),
    );
    const stamps = sent.map((r) => Number(r.timestamp));
    expect(new Set(stamps).size).toBe(20);
    expect(new Set(sent.map((r) => r.sign)).size).toBe(20);
    expect(Math.max(...stamps) - Date.now()).toBeLessThan(1000);
  });

  it('uses an explicit timestamp', async () => {
    const response = await sendCallback(url, body, { secret: SECRET, timestamp: NOW - 1000 });
    expect(response.status).toBe(200);
    expect(seen[0]?.headers.timestamp).toBe(String(NOW - 1000));
  });
});

describe('forging helpers (each one must be refused by the product)', () => {
  it('wrong secret → 401 bad-signature', async () => {
    const response = await sendCallbackWithWrongSecret(url, body, { secret: SECRET, now });
    expect(response).toMatchObject({ status: 401, json: { reason: 'signature: bad-signature' } });
  });

  it('stale timestamp (just over an hour) → 401 stale', async () => {
    const response = await sendStaleCallback(url, body, { secret: SECRET, now });
    expect(response).toMatchObject({ status: 401, json: { reason: 'signature: stale' } });
    expect(Number(response.request.timestamp)).toBe(NOW - 3_600_001);
  });

  it('future timestamp (just over an hour) → 401 future', async () => {
    const response = await sendFutureCallback(url, body, { secret: SECRET, now });
    expect(response).toMatchObject({ status: 401, json: { reason: 'signature: future' } });
  });

  it('an hour old exactly is still accepted (the forgers sit right past the boundary)', async () => {
    const response = await sendStaleCallback(url, body, { secret: SECRET, now, ageMs: 3_600_000 });
    expect(response.status).toBe(200);
  });

  it.each([
    [['timestamp', 'sign'] as const, 401],
    [['sign'] as const, 401],
    [['timestamp'] as const, 401],
    [['content-type'] as const, 415],
  ])('missing %j → %i', async (omitHeaders, status) => {
    const response = await sendCallbackWithoutHeaders(url, body, { secret: SECRET, now, omitHeaders });
    expect(response.status).toBe(status);
    for (const name of omitHeaders) expect(seen[0]?.headers).not.toHaveProperty(name);
  });

  it('missing headers defaults to dropping both signature headers', async () => {
    await sendCallbackWithoutHeaders(url, body, { secret: SECRET, now });
    expect(seen[0]?.headers).not.toHaveProperty('timestamp');
    expect(seen[0]?.headers).not.toHaveProperty('sign');
  });

  it('replays an earlier (timestamp, sign) pair with a different body: the signature cannot tell', async () => {
    const original = await sendCallback(url, body, { secret: SECRET, now });
    const other = builder.buildGroupMessage({ message: 'delete deploy web' });
    const replay = await replayCallback(url, original, other);
    expect(replay.request.timestamp).toBe(original.request.timestamp);
    expect(replay.request.sign).toBe(original.request.sign);
    // Accepted: DingTalk's scheme signs only the timestamp. Dedupe by msgId is the defence, not the gate.
    expect(replay).toMatchObject({ status: 200, json: { text: 'delete deploy web' } });
  });

  it.each([
    ['truncated JSON', '{"msgId":"msg1",'],
    ['not JSON at all', 'hello'],
    ['invalid UTF-8', Buffer.from([0x7b, 0xc3, 0x28, 0x7d])],
  ])('raw bytes (%s), correctly signed → 400', async (_name, bytes) => {
    const response = await sendRawCallback(url, bytes, { secret: SECRET, now });
    expect(response.status).toBe(400);
    expect(seen[0]?.body).toEqual(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes));
  });
});
