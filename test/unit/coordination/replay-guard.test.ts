import { describe, expect, it } from 'vitest';
import { createReplayGuard } from '../../../src/platforms/dingtalk/replay-guard.ts';
import { claimName } from '../../../src/coordination/message-claims.ts';

describe('replay guard', () => {
  it('lets DingTalk redeliver the same bytes with the same headers, and refuses any other body', () => {
    let t = 0;
    const g = createReplayGuard({ ttlMs: 1000, maxEntries: 10, now: () => t });
    expect(g.check('1', 'sig', 'bodyA')).toBe('new');
    expect(g.check('1', 'sig', 'bodyA')).toBe('same-message');
    expect(g.check('1', 'sig', 'bodyB')).toBe('replayed');
    expect(g.check('2', 'sig', 'bodyB')).toBe('new');
    t = 1000;
    expect(g.check('1', 'sig', 'bodyB')).toBe('new');
  });

  it('stays bounded', () => {
    const g = createReplayGuard({ ttlMs: 60_000, maxEntries: 50, now: () => 0 });
    for (let i = 0; i < 500; i++) g.check(String(i), 's', `m${i}`);
    expect(g.size).toBe(50);
  });
});

describe('claim names', () => {
  it('are valid, stable Lease names that reveal nothing of the message', () => {
    const n = claimName('msg', 'msgRJX2OofHcT+WqWiGaijkXw==');
    expect(n).toMatch(/^kubetalk-msg-[0-9a-f]{40}$/);
    expect(n).toBe(claimName('msg', 'msgRJX2OofHcT+WqWiGaijkXw=='));
    expect(claimName('sig', 'x')).not.toBe(claimName('msg', 'x'));
  });
});
