// The callback gate of issue 10: headers first, identity, id caps, uniform 401 reasons, expiry anchored on the signature.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLOCK_MARGIN_MS, createDingTalkRoute } from '../../../src/platforms/dingtalk/http/callback-route.ts';
import type { MessageClaims } from '../../../src/coordination/message-claims.ts';
import { createDeduper } from '../../../src/dispatch/dedupe.ts';
import type { Dispatcher } from '../../../src/dispatch/dispatcher.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { createMetrics } from '../../../src/metrics/metrics.ts';
import {
  acceptCallback,
  checkCallbackHeaders,
  parseCallbackBody,
  UNAUTHORIZED_REASONS,
} from '../../../src/platforms/dingtalk/index.ts';
import { FIELD_CAPS } from '../../../src/platforms/dingtalk/field-caps.ts';
import { createReplayGuard } from '../../../src/platforms/dingtalk/replay-guard.ts';
import { createCallbackBuilder, signCallback } from '../../support/dingtalk/index.ts';

const SECRET = 'gate-secret';
const NOW = Date.UTC(2026, 2, 1, 12);
const builder = createCallbackBuilder({ seed: 'gate', now: () => NOW });
const body = (): Record<string, unknown> =>
  builder.buildGroupMessage({ message: 'scale web 3' }) as unknown as Record<string, unknown>;
const headers = (timestamp = String(NOW), extra: Record<string, string> = {}) => ({
  'content-type': 'application/json',
  timestamp,
  sign: signCallback(SECRET, timestamp),
  ...extra,
});
const options = { secrets: [SECRET], now: () => NOW };

describe('checkCallbackHeaders: what the headers alone decide', () => {
  it('passes a signed request on, with the signed time', () => {
    expect(checkCallbackHeaders({ headers: headers() }, options)).toEqual({
      status: 'continue',
      signedAtMs: NOW,
      // The verified headers travel on, so the route never reads them a second time.
      signature: { timestamp: String(NOW), sign: headers()['sign'] },
    });
  });

  it('415 for an encoded body (never inflated), identity encoding is fine', () => {
    for (const enc of ['gzip', 'deflate', 'br', 'gzip, identity'])
      expect(
        checkCallbackHeaders({ headers: headers(String(NOW), { 'content-encoding': enc }) }, options),
      ).toMatchObject({
        status: 415,
      });
    expect(
      checkCallbackHeaders({ headers: headers(String(NOW), { 'content-encoding': 'identity' }) }, options)
        .status,
    ).toBe('continue');
  });

  it('413 for a declared length over the limit, before the signature (415 → 413 → 401)', () => {
    const unsigned = { 'content-type': 'application/json', 'content-length': '70000' };
    expect(checkCallbackHeaders({ headers: unsigned }, options)).toMatchObject({ status: 413 });
    expect(
      checkCallbackHeaders({ headers: { ...unsigned, 'content-type': 'text/plain' } }, options),
    ).toMatchObject({ status: 415 });
    expect(
      checkCallbackHeaders({ headers: { ...unsigned, 'content-length': '100' } }, options),
    ).toMatchObject({ status: 401, unauthorized: 'missing' });
  });

  it('defaults to a 300 s window', () => {
    const at = (offset: number) => checkCallbackHeaders({ headers: headers(String(NOW + offset)) }, options);
    expect(at(-300_000).status).toBe('continue');
    expect(at(300_000).status).toBe('continue');
    expect(at(-300_001)).toMatchObject({ status: 401, unauthorized: 'stale' });
    expect(at(300_001)).toMatchObject({ status: 401, unauthorized: 'future' });
  });

  it('names every 401 reason for the metric', () => {
    const cases: Array<[Record<string, string | string[]>, string]> = [
      [{ 'content-type': 'application/json' }, 'missing'],
      [headers('soon'), 'malformed-timestamp'],
      [headers(String(NOW - 400_000)), 'stale'],
      [headers(String(NOW + 400_000)), 'future'],
      [{ ...headers(), sign: 'forged=' }, 'bad-signature'],
      [{ ...headers(), timestamp: [String(NOW), String(NOW)] }, 'repeated-header'],
    ];
    for (const [h, reason] of cases)
      expect(checkCallbackHeaders({ headers: h }, options)).toMatchObject({
        status: 401,
        unauthorized: reason,
      });
  });
});

describe('identity', () => {
  const identity = { corpId: 'dingb3fcb372fae00784ffe93478753d9884', robotCode: 'dingrobot1' };
  const post = (b: Record<string, unknown>, id: typeof identity | null = identity) =>
    acceptCallback(
      { headers: headers(), rawBody: JSON.stringify(b) },
      { ...options, ...(id !== null ? { identity: id } : {}) },
    );

  it('accepts a body naming our corp and robot', () => {
    expect(post({ ...body(), robotCode: 'dingrobot1' }).status).toBe(200);
  });

  it('401 identity for another corp, another robot, or either field missing', () => {
    const ours: Record<string, unknown> = { ...body(), robotCode: 'dingrobot1' };
    const without = (field: string): Record<string, unknown> => {
      const copy = { ...ours };
      delete copy[field];
      return copy;
    };
    const bodies = [
      { ...ours, chatbotCorpId: 'dingother' },
      { ...ours, robotCode: 'dingother' },
      without('chatbotCorpId'),
      without('robotCode'),
    ];
    for (const b of bodies) expect(post(b)).toMatchObject({ status: 401, unauthorized: 'identity' });
  });

  it('is not checked when not configured (empty settings)', () => {
    expect(post({ ...body(), robotCode: 'anything' }, null).status).toBe(200);
    expect(post({ ...body(), robotCode: 'anything' }, { corpId: '', robotCode: '' }).status).toBe(200);
  });
});

describe('id caps', () => {
  it.each(Object.entries(FIELD_CAPS).filter(([f]) => !f.startsWith('atUsers')))(
    '%s: at the cap is fine, one over → 400 naming it',
    (field, cap) => {
      const value =
        field === 'sessionWebhook' ? `https://oapi.dingtalk.com/?session=${'a'.repeat(cap)}` : 'a';
      const at = field === 'sessionWebhook' ? value.slice(0, cap) : value.repeat(cap);
      expect(parseCallbackBody(JSON.stringify({ ...body(), [field]: at })).ok).toBe(true);
      const over = parseCallbackBody(JSON.stringify({ ...body(), [field]: `${at}a` }));
      expect(over).toEqual({ ok: false, reason: `field too long: ${field} (at most ${cap} characters)` });
    },
  );

  it('caps every atUsers id and names the entry', () => {
    const atUsers = [{ dingtalkId: 'x' }, { dingtalkId: 'y', staffId: 's'.repeat(129) }];
    expect(parseCallbackBody(JSON.stringify({ ...body(), atUsers }))).toEqual({
      ok: false,
      reason: 'field too long: atUsers[1].staffId (at most 128 characters)',
    });
    const long = [{ dingtalkId: 'd'.repeat(129) }];
    expect(parseCallbackBody(JSON.stringify({ ...body(), atUsers: long }))).toMatchObject({
      reason: expect.stringContaining('atUsers[0].dingtalkId') as unknown,
    });
  });

  it('a 60,000-character msgId is refused (the issue’s example)', () => {
    expect(parseCallbackBody(JSON.stringify({ ...body(), msgId: 'm'.repeat(60_000) }))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('msgId') as unknown,
    });
  });

  it('property: a parsed body never carries a field over its cap (300 runs)', () => {
    const fields = Object.keys(FIELD_CAPS).filter((f) => !f.startsWith('atUsers'));
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.nat({ max: 2000 }), (field, length) => {
        const result = parseCallbackBody(JSON.stringify({ ...body(), [field]: 'z'.repeat(length) }));
        if (!result.ok) return;
        const raw = result.raw as unknown as Record<string, unknown>;
        const v = raw[field];
        if (typeof v === 'string')
          expect(v.length).toBeLessThanOrEqual(FIELD_CAPS[field as keyof typeof FIELD_CAPS]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('route: reasons counted, expiry anchored on the signed timestamp', () => {
  const WINDOW = 300_000;
  function setup(now: () => number, claims?: MessageClaims) {
    const metrics = createMetrics();
    const dispatcher: Dispatcher = {
      handle: () => undefined,
      drain: () => Promise.resolve(true),
      inFlight: 0,
    };
    const route = createDingTalkRoute({
      secrets: [SECRET],
      windowMs: WINDOW,
      maxBodyBytes: 65_536,
      identity: { corpId: '', robotCode: 'dingrobot1' },
      // Short TTLs on purpose: only the anchoring may keep entries long enough.
      deduper: createDeduper({ ttlMs: 1000, maxEntries: 100, now }),
      replayGuard: createReplayGuard({ ttlMs: 1000, maxEntries: 100, now }),
      ...(claims !== undefined ? { claims } : {}),
      dispatcher,
      metrics,
      log: silentLogger,
      now,
    });
    return { route, metrics };
  }
  const deliver = (route: ReturnType<typeof setup>['route'], ts: number, b: Record<string, unknown>) => {
    const h = headers(String(ts));
    const rejection = route.checkHeaders?.({ headers: h, contentType: h['content-type'] });
    if (rejection) return rejection.status;
    const verdict = route.handle({
      headers: h,
      rawBody: Buffer.from(JSON.stringify(b)),
      contentType: h['content-type'],
    });
    if ('accept' in verdict) verdict.accept();
    return verdict.status;
  };

  it('pre-initialises every reason and counts each 401 once, by reason', async () => {
    const { route, metrics } = setup(() => Date.now());
    const text = async () =>
      await metrics.registry.getSingleMetricAsString('kubetalk_callbacks_unauthorized_total');
    for (const r of UNAUTHORIZED_REASONS) expect(await text()).toContain(`reason="${r}"} 0`);
    const now = Date.now();
    expect(deliver(route, now - 301_000, { ...body(), robotCode: 'dingrobot1' })).toBe(401);
    expect(deliver(route, now, { ...body(), robotCode: 'dingother' })).toBe(401);
    expect(await text()).toContain('reason="stale"} 1');
    expect(await text()).toContain('reason="identity"} 1');
  });

  it('a pair accepted 299 s in the future is still refused with another body 550 s later (TTL alone: 1 s)', () => {
    let t = NOW;
    const { route } = setup(() => t);
    const signed = NOW + 299_000;
    expect(deliver(route, signed, { ...body(), robotCode: 'dingrobot1' })).toBe(200);
    t = NOW + 550_000; // the pair is 251 s old on this clock: inside the window
    expect(deliver(route, signed, { ...body(), robotCode: 'dingrobot1', msgId: 'msgOther' })).toBe(401);
  });

  it('claims are asked to live until signed timestamp + window + margin, whatever the local clock', async () => {
    const keeps: Array<number | undefined> = [];
    const claims: MessageClaims = {
      claim: (_m, _s, _d, keepUntil) => {
        keeps.push(keepUntil);
        return Promise.resolve('claimed');
      },
      collectExpired: () => Promise.resolve(0),
    };
    const metrics = createMetrics();
    const admitted: Array<Promise<unknown>> = [];
    const route = createDingTalkRoute({
      secrets: [SECRET],
      windowMs: WINDOW,
      maxBodyBytes: 65_536,
      deduper: createDeduper({ ttlMs: 1000, maxEntries: 100 }),
      replayGuard: createReplayGuard({ ttlMs: 1000, maxEntries: 100 }),
      claims,
      dispatcher: {
        handle: (_msg, admit) => void admitted.push(admit ? admit() : Promise.resolve()),
      },
      metrics,
      log: silentLogger,
    });
    const signed = Date.now() - 120_000;
    expect(deliver(route, signed, body())).toBe(200);
    await Promise.all(admitted);
    expect(keeps).toEqual([signed + WINDOW + CLOCK_MARGIN_MS]);
  });
});

describe('in-memory records keep anchored entries', () => {
  it('the deduper remembers an id until keepUntil even past its TTL', () => {
    let t = 0;
    const d = createDeduper({ ttlMs: 10, maxEntries: 10, now: () => t });
    expect(d.firstSeen('a', 1000)).toBe(true);
    t = 999;
    expect(d.firstSeen('a')).toBe(false);
    t = 1000;
    expect(d.firstSeen('a')).toBe(true);
  });

  it('the replay guard too', () => {
    let t = 0;
    const g = createReplayGuard({ ttlMs: 10, maxEntries: 10, now: () => t });
    expect(g.check('1', 's', 'b1', 1000)).toBe('new');
    t = 999;
    expect(g.check('1', 's', 'b2')).toBe('replayed');
    t = 1000;
    expect(g.check('1', 's', 'b2')).toBe('new');
  });
});
