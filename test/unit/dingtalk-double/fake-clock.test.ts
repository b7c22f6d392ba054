import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../support/dingtalk/index.ts';

describe('createFakeClock', () => {
  it('jumps time forward on sleep without waiting', async () => {
    const clock = createFakeClock(1000);
    // Ordering, not timing: the fake sleep wins against a real timer of the same length (which is then cleared).
    let timer: NodeJS.Timeout | undefined;
    const first = await Promise.race([
      clock.sleep(60_000).then(() => 'fake sleep'),
      new Promise((resolve) => (timer = setTimeout(() => resolve('real timer'), 60_000))),
    ]);
    clearTimeout(timer);
    expect(first).toBe('fake sleep');
    expect(clock.now()).toBe(61_000);
    expect(clock.sleeps).toEqual([60_000]);
  });

  it('overlaps concurrent sleepers like a real clock, waking them in time order', async () => {
    const clock = createFakeClock(0);
    const woke: [string, number][] = [];
    await Promise.all([
      clock.sleep(100).then(() => woke.push(['long', clock.now()])),
      clock.sleep(50).then(() => woke.push(['short', clock.now()])),
    ]);
    expect(woke).toEqual([
      ['short', 50],
      ['long', 100],
    ]);
    expect(clock.now()).toBe(100);
  });

  it('lets already-runnable work observe the time before a sleep moves it', async () => {
    const clock = createFakeClock(0);
    const seen: number[] = [];
    const sleeping = clock.sleep(1000);
    await Promise.resolve().then(() => seen.push(clock.now()));
    await sleeping;
    expect(seen).toEqual([0]);
  });

  it('advances manually', () => {
    const clock = createFakeClock(5);
    clock.advance(10);
    expect(clock.now()).toBe(15);
  });
});
