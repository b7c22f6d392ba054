// The callback gate end to end (issue 10): headers judged before the body is read, one 401 for every reason, the
// 300 s window against a replayed header pair, identity checks, and capped ids — on the controller process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterUnavailableReason, deleteTestNamespace } from '../../support/cluster.ts';
import {
  APP_SECRET,
  applyChatCommand,
  startChatRig,
  waitForReady,
  type ChatRig,
} from '../../support/chat-harness.ts';
import {
  replayCallback,
  sendCallback,
  sendCallbackWithoutHeaders,
  sendCallbackWithWrongSecret,
  sendFutureCallback,
  sendStaleCallback,
  signCallback,
  uniqueTimestamp,
  type DingTalkCallbackBody,
} from '../../support/dingtalk/index.ts';
import { openRawConnection, type RawConnection } from '../../support/raw-http.ts';
import { metricValue, namespaceWithDeployments, pause, replicasOf } from './hardening-probes.ts';

const skip = clusterUnavailableReason() !== '';
const GROUP = 'cidGateAAAAAAAAAAAAAAAA==';
const ALICE = { staffId: 'alice01', nick: 'Alice', isAdmin: false };
const CORP_ID = 'dingb3fcb372fae00784ffe93478753d9884';
const ROBOT_CODE = 'dingkubetalkgate01';

/** A raw HTTP/1.1 connection to the callback URL with one request head already written (no body yet). */
function openRaw(url: string, head: Record<string, string>): RawConnection {
  const { hostname, port, pathname } = new URL(url);
  const raw = openRawConnection(Number(port), hostname);
  raw.request(pathname, head);
  return raw;
}

/** How long the controller waits for a refused request's declared body (DEFAULT_REFUSAL_DRAIN_MS). */
const DRAIN_MS = 2_000;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms)),
  ]);
}

/** The response without its Date header: the one line that may differ between two identical answers. */
function withoutDate(raw: string): string {
  return raw
    .split('\r\n')
    .filter((l) => !/^date:/i.test(l))
    .join('\r\n');
}

function signedHead(timestamp: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'Content-Type': 'application/json; charset=utf-8',
    timestamp,
    sign: signCallback(APP_SECRET, timestamp),
    ...extra,
  };
}

describe.skipIf(skip)('callback gate (controller process, real cluster)', () => {
  let rig: ChatRig;
  let ns: string;
  const own = (body: DingTalkCallbackBody): DingTalkCallbackBody => ({ ...body, robotCode: ROBOT_CODE });
  const message = (text: string, extra: Partial<DingTalkCallbackBody> = {}): DingTalkCallbackBody =>
    own({
      ...rig.builder.buildGroupMessage({ message: text, conversationId: GROUP, sender: ALICE }),
      ...extra,
    });
  const sessionOf = (b: { sessionWebhook: string }): string =>
    new URL(b.sessionWebhook).searchParams.get('session') ?? '-';
  const repliesTo = (bodies: ReadonlyArray<{ sessionWebhook: string }>): number =>
    rig.webhook
      .requests()
      .filter((r) => r.session !== undefined && bodies.some((b) => sessionOf(b) === r.session)).length;
  const unauthorized = (reason: string): Promise<number> =>
    metricValue(rig, 'kubetalk_callbacks_unauthorized_total', { reason });

  beforeAll(async () => {
    ns = await namespaceWithDeployments('gate', ['web']);
    // Default window (300 s): the setting is left unset on purpose.
    rig = await startChatRig([ns], {
      KUBETALK_RATE_LIMIT_USER_PER_MINUTE: '0',
      KUBETALK_RATE_LIMIT_CONVERSATION_PER_MINUTE: '0',
      KUBETALK_DINGTALK_CORP_ID: CORP_ID,
      KUBETALK_DINGTALK_ROBOT_CODE: ROBOT_CODE,
    });
    await applyChatCommand(rig, {
      name: 'scale-web',
      namespace: ns,
      spec: {
        trigger: 'scale',
        targets: { kind: 'Deployment', names: ['web'] },
        action: { scale: { minReplicas: 1, maxReplicas: 5 } },
        allow: { conversations: [GROUP], users: [ALICE.staffId] },
      },
    });
    await waitForReady(rig, ns, 'scale-web', 'Accepted');
  });
  afterAll(async () => {
    await rig?.stop();
    if (ns) await deleteTestNamespace(ns);
  });

  it('the 300 s window: 290 s old is accepted, 301 s old and 301 s ahead are refused', async () => {
    const ok = await sendStaleCallback(rig.callbackUrl, message('whoami'), {
      secret: APP_SECRET,
      ageMs: 290_000,
    });
    expect(ok.status).toBe(200);
    const stale = await sendStaleCallback(rig.callbackUrl, message('scale web 3'), {
      secret: APP_SECRET,
      ageMs: 301_000,
    });
    expect(stale.status).toBe(401);
    const future = await sendFutureCallback(rig.callbackUrl, message('scale web 3'), {
      secret: APP_SECRET,
      aheadMs: 301_000,
    });
    expect(future.status).toBe(401);
    expect(await unauthorized('stale')).toBeGreaterThanOrEqual(1);
    expect(await unauthorized('future')).toBeGreaterThanOrEqual(1);
    expect(await replicasOf(ns, 'web')).toBe(2);
  });

  it('a captured header pair with another body: refused inside the window (replay) and once it is past 300 s', async () => {
    // Signed 296 s ago: accepted now, and past the window a few seconds later — no 300 s sleep needed.
    const original = await sendCallback(rig.callbackUrl, message('whoami'), {
      secret: APP_SECRET,
      timestamp: uniqueTimestamp() - 296_000,
    });
    expect(original.status).toBe(200);
    const replayedBefore = await unauthorized('replayed');
    const inside = await replayCallback(rig.callbackUrl, original, message('scale web 4'));
    expect(inside.status).toBe(401);
    expect(await unauthorized('replayed')).toBe(replayedBefore + 1);

    await pause(Math.max(0, Number(original.request.timestamp) + 301_000 - Date.now()));
    const staleBefore = await unauthorized('stale');
    const after = await replayCallback(rig.callbackUrl, original, message('scale web 4'));
    expect(after.status).toBe(401);
    expect(await unauthorized('stale')).toBe(staleBefore + 1);
    expect(await replicasOf(ns, 'web')).toBe(2);
  });

  it('every 401 is identical on the wire, whatever the reason; the reason is only in the log and the metric', async () => {
    const now = Date.now();
    const body = (): string => JSON.stringify(message('scale web 5'));
    const captured = await sendCallback(rig.callbackUrl, message('whoami'), { secret: APP_SECRET });
    const cases: Array<[string, Record<string, string>, string]> = [
      ['missing', { 'Content-Type': 'application/json' }, body()],
      ['malformed timestamp', { ...signedHead(String(now)), timestamp: 'yesterday' }, body()],
      ['stale', signedHead(String(now - 301_000)), body()],
      ['future', signedHead(String(now + 301_000)), body()],
      [
        'bad signature',
        { ...signedHead(String(now)), sign: signCallback('not-the-secret', String(now)) },
        body(),
      ],
      [
        'replayed',
        {
          'Content-Type': 'application/json',
          timestamp: captured.request.timestamp,
          sign: captured.request.sign,
        },
        body(),
      ],
      [
        'identity: corp',
        signedHead(String(now + 1)),
        JSON.stringify(message('whoami', { chatbotCorpId: 'dingother' })),
      ],
      [
        'identity: robot',
        signedHead(String(now + 2)),
        JSON.stringify({ ...message('whoami'), robotCode: 'dingother' }),
      ],
    ];
    const answers: string[] = [];
    for (const [name, head, text] of cases) {
      const raw = openRaw(rig.callbackUrl, { ...head, 'Content-Length': String(Buffer.byteLength(text)) });
      raw.write(text);
      const answer = await raw.nextResponse(10_000);
      raw.socket.destroy();
      expect(answer, name).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n/);
      answers.push(withoutDate(answer));
    }
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toMatch(/\r\n\r\n\{"error":"unauthorized"\}$/);
    // The body was whole (read or discarded): the connection stays for the client's next request.
    expect(answers[0]).toMatch(/connection: keep-alive/i);
    const line = await rig.controller.waitForLog(
      (l) => l['msg'] === 'callback rejected' && l['reason'] === 'identity: robotCode is not ours',
    );
    expect(line['status']).toBe(401);
    expect(await unauthorized('identity')).toBeGreaterThanOrEqual(2);
    expect(await unauthorized('bad-signature')).toBeGreaterThanOrEqual(1);
    expect(await unauthorized('missing')).toBeGreaterThanOrEqual(1);
    expect(await unauthorized('malformed-timestamp')).toBeGreaterThanOrEqual(1);
    expect(await replicasOf(ns, 'web')).toBe(2);
  });

  describe('the body is never read before the signature check', () => {
    it('a forged request declaring 60 KB is answered 401 before a byte of its body is sent; the socket goes after the drain bound', async () => {
      const raw = openRaw(rig.callbackUrl, {
        ...signedHead(String(uniqueTimestamp()), { sign: 'forged=' }),
        'Content-Length': '60000',
      });
      const sentAt = Date.now();
      // Nothing of the body has been written: an answer now can only come from the headers.
      const answer = await raw.nextResponse(10_000);
      expect(answer).toMatch(/^HTTP\/1\.1 401 /);
      expect(answer).toMatch(/connection: keep-alive/i);
      expect(raw.socket.bytesWritten).toBeLessThan(400);
      // The declared body never comes: the connection is dropped once the drain bound has passed.
      await withTimeout(raw.closed, 10_000, 'the socket dropped after the drain bound');
      expect(Date.now() - sentAt).toBeGreaterThanOrEqual(DRAIN_MS - 200);
    });

    it('a slow forged body: 1 KB of a declared 60 KB, and the answer comes without the rest', async () => {
      const raw = openRaw(rig.callbackUrl, {
        ...signedHead(String(uniqueTimestamp()), { sign: 'forged=' }),
        'Content-Length': '60000',
      });
      raw.write('{"msgId":"' + 'x'.repeat(1000));
      expect(await raw.nextResponse(10_000)).toMatch(/^HTTP\/1\.1 401 /);
      await withTimeout(raw.closed, 10_000, 'the stalled socket dropped');
      expect(raw.socket.bytesWritten).toBeLessThan(2000);
    });

    it('a forged request with a small body sent in full: 401, and the same connection carries a signed one', async () => {
      const forged = JSON.stringify(message('scale web 5'));
      const raw = openRaw(rig.callbackUrl, {
        ...signedHead(String(uniqueTimestamp()), { sign: 'forged=' }),
        'Content-Length': String(Buffer.byteLength(forged)),
      });
      raw.write(forged);
      expect(await raw.nextResponse(10_000)).toMatch(/^HTTP\/1\.1 401 /);
      const signed = JSON.stringify(message('whoami'));
      raw.request(
        new URL(rig.callbackUrl).pathname,
        {
          ...signedHead(String(uniqueTimestamp())),
          'Content-Length': String(Buffer.byteLength(signed)),
        },
        signed,
      );
      expect(await raw.nextResponse(10_000)).toMatch(/^HTTP\/1\.1 200 /);
      raw.socket.destroy();
      expect(await replicasOf(ns, 'web')).toBe(2);
    });

    it('a declared length over the limit → 413 without the body; a compressed body → 415, never inflated', async () => {
      const big = openRaw(rig.callbackUrl, {
        ...signedHead(String(uniqueTimestamp())),
        'Content-Length': '10000000',
      });
      const bigAnswer = await withTimeout(big.closed, 10_000, '413');
      expect(bigAnswer).toMatch(/^HTTP\/1\.1 413 /);
      expect(bigAnswer).toMatch(/connection: close/i);
      const gz = openRaw(rig.callbackUrl, {
        ...signedHead(String(uniqueTimestamp())),
        'Content-Encoding': 'gzip',
        'Content-Length': '100000',
      });
      expect(await withTimeout(gz.closed, 10_000, '415')).toMatch(/^HTTP\/1\.1 415 /);
    });

    it('contrast: a correctly signed request is waited for, and answered once its body arrives', async () => {
      const text = JSON.stringify(message('whoami'));
      const raw = openRaw(rig.callbackUrl, {
        ...signedHead(String(uniqueTimestamp())),
        'Content-Length': String(Buffer.byteLength(text)),
      });
      await pause(1000);
      expect(raw.received()).toBe('');
      raw.write(text);
      expect(await raw.nextResponse(10_000)).toMatch(/^HTTP\/1\.1 200 /);
      raw.socket.destroy();
    });
  });

  it('identity: a matching corp and robot run; another robotCode or a missing corp id → 401, nothing runs', async () => {
    const good = message('scale web 3');
    expect((await rig.post(good)).status).toBe(200);
    await rig.webhook.waitForMessages(1, { session: good.sessionWebhook, timeoutMs: 30_000 });
    expect(await replicasOf(ns, 'web')).toBe(3);

    const otherRobot = { ...message('scale web 1'), robotCode: 'dingsomeoneelse' };
    const noCorp: Record<string, unknown> = { ...message('scale web 1') };
    delete noCorp['chatbotCorpId'];
    for (const b of [otherRobot, noCorp]) expect((await rig.post(b)).status).toBe(401);
    await pause(1000);
    expect(await replicasOf(ns, 'web')).toBe(3);
    expect(repliesTo([otherRobot, noCorp as { sessionWebhook: string }])).toBe(0);
  });

  it('an over-long msgId (60,000 characters) → 400 naming the field, and nothing runs', async () => {
    const before = await replicasOf(ns, 'web');
    const body = message('scale web 2', { msgId: `msg${'A'.repeat(60_000)}` });
    const res = await rig.post(body);
    expect(res.status).toBe(400);
    expect(res.body).toContain('msgId');
    const justOver = await rig.post(message('scale web 2', { msgId: 'm'.repeat(129) }));
    expect(justOver.status).toBe(400);
    await pause(1000);
    expect(await replicasOf(ns, 'web')).toBe(before);
    expect(repliesTo([body])).toBe(0);
  });

  it('the process is alive, and a request without headers or with a wrong secret is refused like the rest', async () => {
    expect(
      (await sendCallbackWithoutHeaders(rig.callbackUrl, message('whoami'), { secret: APP_SECRET })).status,
    ).toBe(401);
    expect(
      (await sendCallbackWithWrongSecret(rig.callbackUrl, message('whoami'), { secret: APP_SECRET })).json,
    ).toEqual({
      error: 'unauthorized',
    });
    expect((await fetch(`${rig.controller.internalUrl}/healthz`)).status).toBe(200);
  });
});
