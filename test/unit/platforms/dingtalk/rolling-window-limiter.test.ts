import { describe, expect, it } from 'vitest';
import { createRollingWindowLimiter } from '../../../../src/platforms/dingtalk/rolling-window-limiter.ts';
import { createFakeClock } from '../../../support/dingtalk/index.ts';

const setup = (limit = 20, windowMs = 60_000) => {
  const clock = createFakeClock(0);
  const limiter = createRollingWindowLimiter({
    limit,
    windowMs,
    now: clock.now,
    sleep: (ms) => clock.sleep(ms),
  });
  return { clock, limiter };
};

describe('createRollingWindowLimiter', () => {
  it('lets the first `limit` through at once, then waits for the oldest to leave the window', async () => {
    const { clock, limiter } = setup();
    const grantedAt: number[] = [];
    await Promise.all(
      Array.from({ length: 25 }, () => limiter.acquire('hook').then(() => grantedAt.push(clock.now()))),
    );
    expect(grantedAt.slice(0, 20)).toEqual(Array(20).fill(0));
    expect(grantedAt.slice(20)).toEqual(Array(5).fill(60_000));
    expect(clock.sleeps).toEqual([60_000]);
  });

  it('is a rolling window, not a fixed one', async () => {
    const { clock, limiter } = setup(2, 1000);
    await limiter.acquire('k'); // t=0
    clock.advance(600);
    await limiter.acquire('k'); // t=600
    await limiter.acquire('k'); // waits for t=1000
    expect(clock.now()).toBe(1000);
    await limiter.acquire('k'); // waits for t=1600, when the t=600 grant leaves
    expect(clock.now()).toBe(1600);
  });

  it('serves waiters of one key in call order', async () => {
    const { limiter } = setup(1, 1000);
    const order: number[] = [];
    await Promise.all([1, 2, 3, 4].map((n) => limiter.acquire('k').then(() => order.push(n))));
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it('keeps keys independent', async () => {
    const { clock, limiter } = setup(1, 1000);
    await limiter.acquire('a');
    await limiter.acquire('b');
    expect(clock.now()).toBe(0);
    await limiter.acquire('a');
    expect(clock.now()).toBe(1000);
  });

  it('forgets idle keys, so memory stays bounded by recent activity', async () => {
    const { clock, limiter } = setup(20, 60_000);
    for (let i = 0; i < 1000; i += 1) await limiter.acquire(`hook-${i}`);
    expect(limiter.trackedKeys()).toBe(1000);
    clock.advance(60_000);
    await limiter.acquire('fresh');
    expect(limiter.trackedKeys()).toBe(1);
  });

  it('keeps a key that is still inside its window', async () => {
    const { clock, limiter } = setup(1, 60_000);
    await limiter.acquire('busy');
    clock.advance(30_000);
    await limiter.acquire('other');
    clock.advance(30_000);
    await limiter.acquire('another');
    // 'busy' was granted at 0 and is out of the window now; 'other' (t=30 s) is still inside.
    expect(limiter.trackedKeys()).toBe(2);
  });
});
