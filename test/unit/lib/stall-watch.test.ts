// The stall watch: a step is a stall only once it overran its own expected time by more than the grace.
import { describe, expect, it } from 'vitest';
import { createStallWatch } from '../../../src/lib/stall-watch.ts';

describe('stall watch', () => {
  it('is quiet until a step overran its time by more than the grace, then names it', () => {
    let t = 1_000_000;
    const w = createStallWatch(() => t);
    expect(w.stalled(0)).toBeUndefined();
    w.expect('a renewal', 10_000);
    t += 15_000;
    expect(w.stalled(5_000)).toBeUndefined();
    t += 1;
    expect(w.stalled(5_000)).toBe('a renewal has run for 15 s (due within 10 s)');
  });

  it('a new step or a rest clears the old one', () => {
    let t = 0;
    const w = createStallWatch(() => t);
    w.expect('an attempt', 1_000);
    t = 60_000;
    w.expect('a wait', 30_000);
    expect(w.stalled(1_000)).toBeUndefined();
    t = 200_000;
    expect(w.stalled(1_000)).toBe('a wait has run for 140 s (due within 30 s)');
    w.rest();
    t = 10_000_000;
    expect(w.stalled(0)).toBeUndefined();
  });
});
