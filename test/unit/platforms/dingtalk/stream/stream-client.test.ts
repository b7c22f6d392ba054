// The Stream client against the gateway double (no Kubernetes): ACKs, pings, disconnect, drops, credentials, stop.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StreamDelivery } from '../../../../../src/platforms/dingtalk/stream/decide-frame.ts';
import type { ReconnectReason } from '../../../../../src/platforms/dingtalk/stream/reconnect-plan.ts';
import {
  createStreamClient,
  type StreamClient,
} from '../../../../../src/platforms/dingtalk/stream/stream-client.ts';
import {
  createCallbackBuilder,
  startStreamGateway,
  type StreamGateway,
} from '../../../../support/dingtalk/index.ts';

const builder = createCallbackBuilder();
let gateway: StreamGateway | undefined;
let client: StreamClient | undefined;

afterEach(async () => {
  await client?.stop(1_000);
  await gateway?.close();
  client = undefined;
  gateway = undefined;
});

async function setup(secret = 's3cret', gatewayOpts: { redeliverAfterMs?: number } = {}) {
  gateway = await startStreamGateway({
    clientId: 'cid',
    clientSecret: 's3cret',
    disconnectGraceMs: 300,
    ...gatewayOpts,
  });
  const delivered: StreamDelivery[] = [];
  const reconnects: ReconnectReason[] = [];
  client = createStreamClient({
    gatewayUrl: gateway.baseUrl,
    clientId: 'cid',
    clientSecret: secret,
    policy: { allowedHosts: [gateway.host], allowInsecure: true },
    maxDataBytes: 65536,
    onMessage: (d) => delivered.push(d),
    onReconnect: (r) => reconnects.push(r),
    baseDelayMs: 50,
    maxDelayMs: 200,
    authDelayMs: 2_000,
  });
  client.start();
  return { gateway, client, delivered, reconnects };
}

const until = async (what: string, cond: () => boolean, ms = 15_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('Stream client against the gateway double', () => {
  it('connects, ACKs a robot message before delivering it, answers pings', async () => {
    const { gateway: g, client: c, delivered } = await setup();
    await g.waitForConnections(1);
    await until('connected', () => c.status().connected);
    const body = builder.buildGroupMessage({ message: 'scale web 3', sender: { staffId: 'alice01' } });
    const id = g.pushCallback(body);
    expect((await g.waitForAck(id)).code).toBe(200);
    await until('delivered', () => delivered.length === 1);
    expect(delivered[0]?.message.text).toBe('scale web 3');
    expect(await g.ping()).toBe(1);
    expect(g.malformedAcks()).toEqual([]);
  });

  it('opens a new connection on disconnect (new ticket each time) and after a drop', async () => {
    const { gateway: g, reconnects } = await setup();
    await g.waitForConnections(1);
    g.announceDisconnect();
    await until('second open', () => g.opens().length === 2);
    // The old socket closed (grace period over) and the new one is open.
    await until('old closed, new open', () => g.closeCodes().length === 1 && g.connections() === 1);
    g.dropAll();
    await until('third open', () => g.opens().length === 3);
    await g.waitForConnections(1);
    expect(reconnects).toContain('disconnect');
    expect(g.refusedTickets()).toBe(0);
  });

  it('re-pushed un-ACKed frames are ACKed again and delivered (the app dedupes)', async () => {
    const { gateway: g, delivered } = await setup('s3cret', { redeliverAfterMs: 200 });
    await g.waitForConnections(1);
    g.dropAll();
    const id = g.pushCallback(builder.buildGroupMessage({ message: 'help' }));
    await g.waitForAck(id, 5_000);
    await until('delivered', () => delivered.length === 1);
    expect(g.frames().find((f) => f.messageId === id)?.pushes).toBeGreaterThanOrEqual(1);
  });

  it('wrong credentials: no socket, a clear status, and retries no faster than authDelayMs', async () => {
    const { gateway: g, client: c, reconnects } = await setup('wrong');
    await until('refused once', () => g.opens().length === 1);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(g.opens().map((o) => o.status)).toEqual([401]);
    expect(c.status()).toMatchObject({ connected: false });
    expect(c.status().lastError).toMatch(/credentials/);
    expect(reconnects).toEqual(['auth']);
  });

  it('stop closes with 1000 and stops ACKing', async () => {
    const { gateway: g, client: c } = await setup();
    await g.waitForConnections(1);
    await c.stop(1_000);
    await until('closed', () => g.closeCodes().length === 1);
    expect(g.closeCodes()).toEqual([1000]);
    client = undefined;
  });

  it('refuses a Stream endpoint outside the allow-list', async () => {
    gateway = await startStreamGateway({ clientId: 'cid', clientSecret: 's' });
    const reasons: ReconnectReason[] = [];
    client = createStreamClient({
      gatewayUrl: gateway.baseUrl,
      clientId: 'cid',
      clientSecret: 's',
      // The gateway itself is allowed, the endpoint it hands out (same host, other scheme) is not: ws not allowed.
      policy: { allowedHosts: [gateway.host], allowInsecure: false },
      maxDataBytes: 65536,
      onMessage: () => undefined,
      onReconnect: (r) => reasons.push(r),
      authDelayMs: 5_000,
    });
    client.start();
    await until('refused', () => reasons.length === 1);
    expect(reasons).toEqual(['refused']);
    expect(gateway.opens()).toHaveLength(0);
  });
});

describe('Stream client liveness (/healthz)', () => {
  it('is live while connected and while it waits out refused credentials', async () => {
    const { gateway: g, client: c } = await setup();
    await g.waitForConnections(1);
    await until('connected', () => c.status().connected);
    expect(c.whyNotLive(0)).toBeUndefined();
    await c.stop(1_000);
    client = undefined;
    const { client: refused } = await setup('wrong');
    await until('refused', () => refused.status().lastError !== undefined);
    expect(refused.whyNotLive(0)).toBeUndefined();
  });

  it('a loop that crashed is dead for good, with the reason', async () => {
    gateway = await startStreamGateway({ clientId: 'cid', clientSecret: 's3cret' });
    client = createStreamClient({
      gatewayUrl: gateway.baseUrl,
      clientId: 'cid',
      clientSecret: 'wrong',
      policy: { allowedHosts: [gateway.host], allowInsecure: true },
      maxDataBytes: 65536,
      onMessage: () => undefined,
      // A callback that throws is the one way out of the loop's own error handling.
      onReconnect: () => {
        throw new Error('metrics exploded');
      },
    });
    client.start();
    const c = client;
    await until('crashed', () => c.whyNotLive(60_000) !== undefined);
    expect(c.whyNotLive(60_000)).toBe('DingTalk Stream loop crashed: metrics exploded');
  });

  it('an attempt that hangs past its own deadlines (a fetch that ignores its signal) is a stall', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      let opened = 0;
      client = createStreamClient({
        gatewayUrl: 'http://127.0.0.1:9/',
        clientId: 'cid',
        clientSecret: 's',
        policy: { allowedHosts: ['127.0.0.1:9'], allowInsecure: true },
        maxDataBytes: 65536,
        onMessage: () => undefined,
        fetch: () => {
          opened++;
          return new Promise<Response>(() => undefined);
        },
      });
      client.start();
      const c = client;
      await until('attempt started', () => opened === 1);
      vi.advanceTimersByTime(20_000 + 5_000);
      expect(c.whyNotLive(5_000)).toBeUndefined();
      vi.advanceTimersByTime(1_000);
      expect(c.whyNotLive(5_000)).toBe(
        'DingTalk Stream loop stalled: a Stream connection attempt has run for 26 s (due within 20 s)',
      );
      // stop() must not wait for the hung call: the test's afterEach proves it returns.
    } finally {
      vi.useRealTimers();
    }
  });
});
