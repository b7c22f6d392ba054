import { describe, expect, it } from 'vitest';
import { createStreamMessageHandler } from '../../../../../src/platforms/dingtalk/stream/start-stream.ts';
import type { ClaimResult, MessageClaimStore } from '../../../../../src/dispatch/ports/message-claims.ts';
import { createDeduper } from '../../../../../src/dispatch/dedupe.ts';
import type { Dispatcher } from '../../../../../src/dispatch/dispatcher.ts';
import type { UserMessage } from '../../../../../src/errors.ts';
import { silentLogger } from '../../../../../src/log/logger.ts';
import { createMetrics } from '../../../../../src/metrics/metrics.ts';
import { decideFrame } from '../../../../../src/platforms/dingtalk/stream/decide-frame.ts';
import type { StreamDelivery } from '../../../../../src/platforms/dingtalk/stream/decide-frame.ts';
import { createCallbackBuilder } from '../../../../support/dingtalk/index.ts';

function setup(claim?: ClaimResult) {
  const handled: Array<'run' | 'skip' | UserMessage> = [];
  const pending: Array<Promise<void>> = [];
  const calls: Array<[string, string, string]> = [];
  const dispatcher: Dispatcher = {
    handle(_msg, admit) {
      pending.push((admit ? admit() : Promise.resolve('run' as const)).then((v) => void handled.push(v)));
    },
    drain: () => Promise.resolve(true),
    inFlight: 0,
  };
  const claims: MessageClaimStore | undefined = claim
    ? {
        claim: (...args) => {
          calls.push([args[0], args[1], args[2]]);
          return Promise.resolve(claim);
        },
      }
    : undefined;
  const metrics = createMetrics();
  const handle = createStreamMessageHandler({
    deduper: createDeduper({ ttlMs: 60_000, maxEntries: 100 }),
    claims,
    dispatcher,
    metrics,
    log: silentLogger,
  });
  return { handle, handled, pending, calls, metrics };
}

const builder = createCallbackBuilder();
function delivery(body: unknown, messageId: string): StreamDelivery {
  const text = JSON.stringify({
    type: 'CALLBACK',
    headers: { topic: '/v1.0/im/bot/messages/get', messageId, contentType: 'application/json', time: '1' },
    data: JSON.stringify(body),
  });
  const d = decideFrame(text, 65_536).deliver;
  if (!d) throw new Error('not delivered');
  return d;
}

async function duplicates(m: ReturnType<typeof createMetrics>): Promise<number> {
  return (await m.streamFrames.get()).values.find((v) => v.labels.kind === 'duplicate')?.value ?? 0;
}

describe('Stream messages enter the shared inbound path', () => {
  it('runs a message once per frame id and once per msgId', async () => {
    const s = setup();
    const body = builder.buildGroupMessage({ message: 'help' });
    s.handle(delivery(body, 'f1'));
    s.handle(delivery(body, 'f1')); // redelivered frame
    s.handle(delivery(body, 'f2')); // same message, new frame
    await Promise.all(s.pending);
    expect(s.handled).toEqual(['run']);
    expect(await duplicates(s.metrics)).toBe(2);
  });

  it('claims cluster-wide with the msgId and the frame id; another replica`s claim skips it', async () => {
    const s = setup('duplicate');
    const body = builder.buildGroupMessage({ message: 'help' });
    s.handle(delivery(body, 'frame-9'));
    await Promise.all(s.pending);
    expect(s.handled).toEqual(['skip']);
    expect(s.calls[0]?.[0]).toBe(body.msgId);
    expect(s.calls[0]?.[1]).toBe('stream-frame:frame-9');
  });

  it('an unreachable API server runs nothing and tells the sender to try again', async () => {
    const s = setup('unavailable');
    s.handle(delivery(builder.buildGroupMessage({ message: 'scale web 3' }), 'f3'));
    await Promise.all(s.pending);
    expect(s.handled).toEqual([{ key: 'dispatch.claims-unavailable' }]);
  });
});
