import { describe, expect, it } from 'vitest';
import { createDingTalkRoute } from '../../../../../src/platforms/dingtalk/http/callback-route.ts';
import type { ClaimResult, MessageClaimStore } from '../../../../../src/dispatch/ports/message-claims.ts';
import { createDeduper } from '../../../../../src/dispatch/dedupe.ts';
import type { Dispatcher } from '../../../../../src/dispatch/dispatcher.ts';
import type { UserMessage } from '../../../../../src/errors.ts';
import { silentLogger } from '../../../../../src/log/logger.ts';
import { createMetrics } from '../../../../../src/metrics/metrics.ts';
import { computeSign } from '../../../../../src/platforms/dingtalk/index.ts';
import { createReplayGuard } from '../../../../../src/platforms/dingtalk/replay-guard.ts';
import type { InboundMessage } from '../../../../../src/dispatch/ports/chat.ts';
import { createCallbackBuilder } from '../../../../support/dingtalk/index.ts';

const SECRET = 'route-secret';

function setup(claim?: ClaimResult) {
  const handled: Array<{ msg: InboundMessage; verdict: 'run' | 'skip' | UserMessage | undefined }> = [];
  const pending: Array<Promise<void>> = [];
  const dispatcher: Dispatcher = {
    handle(msg, admit) {
      pending.push(
        (admit ? admit() : Promise.resolve('run' as const)).then(
          (verdict) => void handled.push({ msg, verdict }),
        ),
      );
    },
    drain: () => Promise.resolve(true),
    inFlight: 0,
  };
  const claims: MessageClaimStore | undefined = claim ? { claim: () => Promise.resolve(claim) } : undefined;
  const metrics = createMetrics();
  const route = createDingTalkRoute({
    secrets: [SECRET],
    windowMs: 3_600_000,
    maxBodyBytes: 65_536,
    deduper: createDeduper({ ttlMs: 60_000, maxEntries: 100 }),
    replayGuard: createReplayGuard({ ttlMs: 60_000, maxEntries: 100 }),
    claims,
    dispatcher,
    metrics,
    log: silentLogger,
  });
  const builder = createCallbackBuilder();
  const post = (body: unknown, timestamp = String(Date.now())) => {
    const verdict = route.handle({
      headers: { timestamp, sign: computeSign(SECRET, timestamp), 'content-type': 'application/json' },
      rawBody: Buffer.from(JSON.stringify(body)),
      contentType: 'application/json',
    });
    if ('accept' in verdict) verdict.accept();
    return verdict.status;
  };
  return { post, handled, pending, metrics, builder };
}

describe('DingTalk route', () => {
  it('runs a claimed message', async () => {
    const r = setup('claimed');
    expect(r.post(r.builder.buildGroupMessage({ message: 'help' }))).toBe(200);
    await Promise.all(r.pending);
    expect(r.handled.map((h) => h.verdict)).toEqual(['run']);
  });

  it.each(['duplicate', 'replayed'] as const)('drops a message whose claim says %s', async (claim) => {
    const r = setup(claim);
    r.post(r.builder.buildGroupMessage({ message: 'help' }));
    await Promise.all(r.pending);
    expect(r.handled.map((h) => h.verdict)).toEqual(['skip']);
    expect(await r.metrics.registry.getSingleMetricAsString('kubetalk_callbacks_total')).toMatch(
      new RegExp(`result="${claim}"} 1`),
    );
  });

  it('tells the sender to retry when the claim cannot be recorded', async () => {
    const r = setup('unavailable');
    r.post(r.builder.buildGroupMessage({ message: 'scale web 3' }));
    await Promise.all(r.pending);
    expect(r.handled[0]?.verdict).toEqual({ key: 'dispatch.claims-unavailable' });
  });

  it('answers 401 to a header pair replayed with another body, and 200 (no run) to a redelivery', async () => {
    const r = setup();
    const ts = String(Date.now());
    const body = r.builder.buildGroupMessage({ message: 'help' });
    expect(r.post(body, ts)).toBe(200);
    expect(r.post(body, ts)).toBe(200);
    expect(r.post(r.builder.buildGroupMessage({ message: 'scale web 9' }), ts)).toBe(401);
    // The original msgId with another body is a forgery too.
    expect(r.post({ ...body, text: { content: ' scale web 0' } }, ts)).toBe(401);
    await Promise.all(r.pending);
    expect(r.handled).toHaveLength(1);
  });
});
