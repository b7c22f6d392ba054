import { describe, expect, it } from 'vitest';
import { computeBackoffMs } from '../../../../../src/platforms/dingtalk/backoff.ts';

// The Stream client's reconnect delays: 1 s doubling to 60 s, jittered within [step/2, step].
describe('reconnect backoff bounds', () => {
  const opts = (random: () => number) => ({ baseMs: 1_000, maxMs: 60_000, random });
  it('stays within [step/2, step] and never exceeds the cap', () => {
    for (let attempt = 1; attempt <= 30; attempt++) {
      const step = Math.min(60_000, 1_000 * 2 ** (attempt - 1));
      expect(
        computeBackoffMs(
          attempt,
          opts(() => 0),
        ),
      ).toBe(step / 2);
      expect(
        computeBackoffMs(
          attempt,
          opts(() => 0.999999),
        ),
      ).toBeLessThanOrEqual(step);
      expect(computeBackoffMs(attempt, opts(Math.random))).toBeLessThanOrEqual(60_000);
    }
  });
  it('a first retry waits at least half a second: no tight loop', () => {
    expect(
      computeBackoffMs(
        1,
        opts(() => 0),
      ),
    ).toBe(500);
  });
});
