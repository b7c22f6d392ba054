// One poll per workload, shared by later requests (whose deadline it covers), and a cap on polls.
import { describe, expect, it } from 'vitest';
import { createFollowUpPool } from '../../../src/actions/follow-up-pool.ts';
import type { ActionOutcome } from '../../../src/actions/types.ts';

const done: ActionOutcome = { ok: true, summary: { key: 'action.rollout.complete' } };

function deferred(): { promise: Promise<ActionOutcome>; resolve: (o: ActionOutcome) => void } {
  let resolve: (o: ActionOutcome) => void = () => undefined;
  const promise = new Promise<ActionOutcome>((r) => (resolve = r));
  return { promise, resolve };
}

describe('createFollowUpPool', () => {
  it('starts one poll per workload and shares it, extending its deadline', async () => {
    let t = 1000;
    const sizes: number[] = [];
    const pool = createFollowUpPool({ max: 10, now: () => t, onSizeChange: (n) => sizes.push(n) });
    const poll = deferred();
    let deadline: () => number = () => 0;
    let starts = 0;
    const start = (d: () => number): Promise<ActionOutcome> => {
      starts++;
      deadline = d;
      return poll.promise;
    };
    const first = pool.follow('Deployment/shop/web', 600_000, start);
    expect(deadline()).toBe(601_000);
    t = 500_000;
    const second = pool.follow('Deployment/shop/web', 600_000, start);
    expect(starts).toBe(1);
    expect(second).toBe(first);
    expect(deadline()).toBe(1_100_000);
    expect(pool.size).toBe(1);
    poll.resolve(done);
    await expect(first).resolves.toBe(done);
    expect(pool.size).toBe(0);
    expect(sizes).toEqual([1, 0]);
  });

  it('never shortens a running poll for a later, shorter request', () => {
    const pool = createFollowUpPool({ max: 10, now: () => 0 });
    let deadline: () => number = () => 0;
    void pool.follow('k', 600_000, (d) => ((deadline = d), deferred().promise));
    void pool.follow('k', 1_000, () => deferred().promise);
    expect(deadline()).toBe(600_000);
  });

  it('refuses a new workload when the cap is reached, but still shares running ones', () => {
    const pool = createFollowUpPool({ max: 2, now: () => 0 });
    const a = pool.follow('a', 1000, () => deferred().promise);
    void pool.follow('b', 1000, () => deferred().promise);
    expect(pool.follow('c', 1000, () => deferred().promise)).toBeUndefined();
    expect(pool.follow('a', 1000, () => deferred().promise)).toBe(a);
    expect(pool.size).toBe(2);
  });

  it('a cap of 0 follows nothing', () => {
    const pool = createFollowUpPool({ max: 0 });
    expect(pool.follow('a', 1000, () => deferred().promise)).toBeUndefined();
  });
});
