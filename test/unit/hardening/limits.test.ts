// The abuse limits as pure parts: rolling counts, cooldowns, the concurrency gate, and how they combine.
import { describe, expect, it } from 'vitest';
import {
  createCommandLimits,
  CONCURRENCY_RETRY_SECONDS,
} from '../../../src/dispatch/limits/command-limits.ts';
import { createConcurrencyGate } from '../../../src/dispatch/limits/concurrency-gate.ts';
import { createCooldownBook } from '../../../src/dispatch/limits/cooldown-book.ts';
import { createRollingCounter } from '../../../src/dispatch/limits/rolling-counter.ts';

function manualClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

const ALICE = { senderKey: 'user:alice', conversationKey: 'cidA' };
const BOB = { senderKey: 'user:bob', conversationKey: 'cidA' };

describe('rolling counter', () => {
  it('allows `limit` starts per rolling window and says exactly when the next one is allowed', () => {
    const clock = manualClock();
    const c = createRollingCounter({ limit: 2, windowMs: 60_000, now: clock.now });
    expect(c.waitMs('k')).toBe(0);
    c.record('k');
    clock.advance(10_000);
    c.record('k');
    expect(c.waitMs('k')).toBe(50_000);
    clock.advance(49_999);
    expect(c.waitMs('k')).toBe(1);
    clock.advance(1);
    expect(c.waitMs('k')).toBe(0);
    expect(c.waitMs('other')).toBe(0);
  });

  it('is unlimited at 0 and remembers nothing then', () => {
    const c = createRollingCounter({ limit: 0, windowMs: 60_000, now: () => 0 });
    for (let i = 0; i < 100; i++) c.record('k');
    expect(c.waitMs('k')).toBe(0);
    expect(c.size).toBe(0);
  });

  it('forgets idle keys after a window, so memory follows recent senders only', () => {
    const clock = manualClock();
    const c = createRollingCounter({ limit: 3, windowMs: 60_000, now: clock.now });
    for (let i = 0; i < 1000; i++) c.record(`k${i}`);
    expect(c.size).toBe(1000);
    clock.advance(60_001);
    c.waitMs('fresh');
    expect(c.size).toBe(0);
  });

  it('never holds more than maxKeys keys, forgetting the least recently started', () => {
    const clock = manualClock();
    const c = createRollingCounter({ limit: 1, windowMs: 60_000, now: clock.now, maxKeys: 100 });
    for (let i = 0; i < 10_000; i++) c.record(`k${i}`);
    expect(c.size).toBe(100);
    expect(c.waitMs('k9999')).toBeGreaterThan(0);
    expect(c.waitMs('k0')).toBe(0);
  });
});

describe('cooldown book', () => {
  it('refuses until the cooldown is over, then forgets the key', () => {
    const clock = manualClock();
    const b = createCooldownBook({ now: clock.now });
    b.start('k', 30_000);
    clock.advance(18_000);
    expect(b.waitMs('k')).toBe(12_000);
    clock.advance(12_000);
    expect(b.waitMs('k')).toBe(0);
    expect(b.size).toBe(0);
  });

  it('cancel lifts only its own cooldown', () => {
    const clock = manualClock();
    const b = createCooldownBook({ now: clock.now });
    const cancelFirst = b.start('k', 30_000);
    const cancelSecond = b.start('k', 30_000);
    cancelFirst();
    expect(b.waitMs('k')).toBe(30_000);
    cancelSecond();
    expect(b.waitMs('k')).toBe(0);
  });

  it('is bounded: past maxKeys the cooldown ending soonest goes first', () => {
    const clock = manualClock();
    const b = createCooldownBook({ now: clock.now, maxKeys: 10 });
    for (let i = 0; i < 50; i++) b.start(`k${i}`, 1000 + i);
    expect(b.size).toBe(10);
    expect(b.waitMs('k49')).toBeGreaterThan(0);
    expect(b.waitMs('k0')).toBe(0);
  });
});

describe('concurrency gate', () => {
  it('admits up to max at once; a release frees one slot, once', () => {
    const g = createConcurrencyGate(2);
    const a = g.tryEnter();
    const b = g.tryEnter();
    expect(g.tryEnter()).toBeUndefined();
    a?.();
    a?.();
    expect(g.running).toBe(1);
    expect(g.tryEnter()).toBeDefined();
    expect(g.tryEnter()).toBeUndefined();
    b?.();
    expect(g.running).toBe(1);
  });
});

describe('command limits', () => {
  const settings = { userPerMinute: 2, conversationPerMinute: 3, maxConcurrentActions: 8 };

  it('refuses a sender over the per-minute limit with the seconds to wait, and counts nothing then', () => {
    const clock = manualClock();
    const l = createCommandLimits(settings, clock.now);
    expect(l.admitAction(ALICE).ok).toBe(true);
    clock.advance(48_000);
    expect(l.admitAction(ALICE).ok).toBe(true);
    expect(l.admitAction(ALICE)).toEqual({ ok: false, reason: 'user', retryAfterSeconds: 12, limit: 2 });
    // The refused attempt did not use the conversation's budget: Bob still gets the third slot.
    expect(l.admitAction(BOB).ok).toBe(true);
    clock.advance(11_999);
    expect(l.admitAction(ALICE)).toMatchObject({ ok: false, reason: 'user', retryAfterSeconds: 1 });
    clock.advance(1);
    expect(l.admitAction(ALICE).ok).toBe(true);
  });

  it('refuses a conversation over its limit whoever sends', () => {
    const clock = manualClock();
    const l = createCommandLimits({ ...settings, userPerMinute: 0 }, clock.now);
    for (const who of [ALICE, BOB, ALICE]) expect(l.admitAction(who).ok).toBe(true);
    expect(l.admitAction({ senderKey: 'user:carol', conversationKey: 'cidA' })).toMatchObject({
      ok: false,
      reason: 'conversation',
      retryAfterSeconds: 60,
      limit: 3,
    });
    expect(l.admitAction({ senderKey: 'user:carol', conversationKey: 'cidB' }).ok).toBe(true);
  });

  it('counts denied and invalid attempts in the same budget', () => {
    const l = createCommandLimits(settings, () => 0);
    expect(l.admitAttempt(ALICE).ok).toBe(true);
    expect(l.admitAttempt(ALICE).ok).toBe(true);
    expect(l.admitAttempt(ALICE)).toMatchObject({ ok: false, reason: 'user' });
    expect(l.admitAction(ALICE)).toMatchObject({ ok: false, reason: 'user' });
  });

  it('caps actions running at once and frees the slot when the action finishes', () => {
    const l = createCommandLimits({ userPerMinute: 0, conversationPerMinute: 0, maxConcurrentActions: 2 });
    const a = l.admitAction(ALICE);
    const b = l.admitAction(BOB);
    expect(l.admitAction(ALICE)).toEqual({
      ok: false,
      reason: 'concurrency',
      retryAfterSeconds: CONCURRENCY_RETRY_SECONDS,
      limit: 2,
    });
    if (!a.ok || !b.ok) throw new Error('expected permits');
    a.finish(true);
    expect(l.admitAction(ALICE).ok).toBe(true);
  });

  it('a refusal by another limit does not hold a concurrency slot', () => {
    const l = createCommandLimits({ userPerMinute: 1, conversationPerMinute: 0, maxConcurrentActions: 1 });
    const first = l.admitAction(ALICE);
    if (!first.ok) throw new Error('expected a permit');
    first.finish(true);
    expect(l.admitAction(ALICE)).toMatchObject({ ok: false, reason: 'user' });
    expect(l.admitAction(BOB).ok).toBe(true);
  });

  it('applies a cooldown per command and target, lifted when the action failed', () => {
    const clock = manualClock();
    const l = createCommandLimits(
      { userPerMinute: 0, conversationPerMinute: 0, maxConcurrentActions: 8 },
      clock.now,
    );
    const web = { key: 'shop/scale|Deployment/web', seconds: 30 };
    const api = { key: 'shop/scale|Deployment/api', seconds: 30 };
    const first = l.admitAction(ALICE, web);
    if (!first.ok) throw new Error('expected a permit');
    first.finish(true);
    clock.advance(18_000);
    expect(l.admitAction(BOB, web)).toEqual({
      ok: false,
      reason: 'cooldown',
      retryAfterSeconds: 12,
      limit: 30,
    });
    expect(l.admitAction(BOB, api).ok).toBe(true);
    clock.advance(12_000);
    const again = l.admitAction(BOB, web);
    if (!again.ok) throw new Error('expected a permit after the cooldown');
    again.finish(false);
    expect(l.admitAction(ALICE, web).ok).toBe(true);
  });

  it('reports the longest wait when several limits refuse, so the retry hint holds for all', () => {
    const clock = manualClock();
    const l = createCommandLimits(
      { userPerMinute: 1, conversationPerMinute: 0, maxConcurrentActions: 8 },
      clock.now,
    );
    const cd = { key: 'k', seconds: 600 };
    const p = l.admitAction(ALICE, cd);
    if (p.ok) p.finish(true);
    expect(l.admitAction(ALICE, cd)).toMatchObject({ reason: 'cooldown', retryAfterSeconds: 600 });
  });
});
