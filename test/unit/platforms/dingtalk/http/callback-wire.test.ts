// The real DingTalk route behind the real public app, over TCP: every 401 identical on the wire, refusals before
// the body is sent. (The e2e file repeats this against the controller process.)
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDingTalkRoute } from '../../../../../src/platforms/dingtalk/http/callback-route.ts';
import { createDeduper } from '../../../../../src/dispatch/dedupe.ts';
import { silentLogger } from '../../../../../src/log/logger.ts';
import { createMetrics } from '../../../../../src/metrics/metrics.ts';
import { createReplayGuard } from '../../../../../src/platforms/dingtalk/replay-guard.ts';
import { createPublicApp } from '../../../../../src/server/public-app.ts';
import { createCallbackBuilder, signCallback, uniqueTimestamp } from '../../../../support/dingtalk/index.ts';
import { openRawConnection } from '../../../../support/raw-http.ts';

const SECRET = 'wire-secret';
const ROBOT = 'dingwirerobot';
let server: Server;
let port: number;
const ran: string[] = [];
const builder = createCallbackBuilder({ bot: { robotCode: ROBOT } });

beforeAll(async () => {
  const route = createDingTalkRoute({
    secrets: [SECRET],
    windowMs: 300_000,
    maxBodyBytes: 65_536,
    identity: { corpId: '', robotCode: ROBOT },
    deduper: createDeduper({ ttlMs: 60_000, maxEntries: 100 }),
    replayGuard: createReplayGuard({ ttlMs: 60_000, maxEntries: 100 }),
    dispatcher: {
      handle: (m) => void ran.push(m.messageId),
    },
    metrics: createMetrics(),
    log: silentLogger,
  });
  const app = createPublicApp({ routes: [route], acceptingTraffic: () => true, onRejected: () => undefined });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  port = (server.address() as AddressInfo).port;
});
afterAll(() => server.close());

/** One request on its own connection: the whole first response, and how many bytes this side wrote by then. */
async function exchange(
  head: Record<string, string>,
  body?: string,
): Promise<{ text: string; written: number }> {
  const raw = openRawConnection(port);
  raw.request('/callbacks/dingtalk', head, body);
  const text = await raw.nextResponse();
  const written = raw.socket.bytesWritten;
  raw.socket.destroy();
  return { text, written };
}

const signed = (ts: string, extra: Record<string, string> = {}) => ({
  'content-type': 'application/json',
  timestamp: ts,
  sign: signCallback(SECRET, ts),
  ...extra,
});

describe('callback on the wire', () => {
  it('eight reasons, one 401: byte-identical but for Date', async () => {
    const now = uniqueTimestamp();
    const text = (extra: Record<string, unknown> = {}) =>
      JSON.stringify({ ...builder.buildGroupMessage({ message: 'scale web 3' }), ...extra });
    const len = (t: string) => String(Buffer.byteLength(t));
    const first = text();
    const ok = await exchange(
      { ...signed(String(now)), 'content-length': len(first), connection: 'close' },
      first,
    );
    expect(ok.text).toMatch(/^HTTP\/1\.1 200 /);
    const cases: Array<[Record<string, string>, string]> = [
      [{ 'content-type': 'application/json' }, text()],
      [signed('yesterday'), text()],
      [signed(String(now - 301_000)), text()],
      [signed(String(now + 301_000)), text()],
      [{ ...signed(String(now)), sign: signCallback('other', String(now)) }, text()],
      [signed(String(now)), text()], // the pair of the accepted message, another body: replayed
      [signed(String(uniqueTimestamp())), text({ robotCode: 'dingother' })],
      [signed(String(uniqueTimestamp())), text({ chatbotCorpId: undefined, robotCode: undefined })],
    ];
    const answers = new Set<string>();
    for (const [head, body] of cases) {
      const { text: answer } = await exchange({ ...head, 'content-length': len(body) }, body);
      expect(answer).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n/);
      answers.add(answer.replace(/^date:.*\r\n/im, ''));
    }
    expect([...answers]).toHaveLength(1);
    expect([...answers][0]).toMatch(/\{"error":"unauthorized"\}$/);
    expect(ran).toHaveLength(1);
  });

  it('a forged request is answered before its declared body is sent, and the connection kept for it', async () => {
    const { text, written } = await exchange({
      ...signed(String(uniqueTimestamp())),
      sign: 'x=',
      'content-length': '60000',
    });
    expect(text).toMatch(/^HTTP\/1\.1 401 /);
    expect(text.toLowerCase()).toContain('connection: keep-alive');
    expect(written).toBeLessThan(300);
  });

  it('a forged request declaring more than the limit is answered with Connection: close', async () => {
    const { text, written } = await exchange({
      ...signed(String(uniqueTimestamp())),
      sign: 'x=',
      'content-length': '70000',
    });
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text.toLowerCase()).toContain('connection: close');
    expect(written).toBeLessThan(300);
  });
});
