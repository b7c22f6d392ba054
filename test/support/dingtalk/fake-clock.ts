// A manual clock for tests: sleeping jumps time forward instead of waiting, so minute-long windows take no real time.

export interface FakeClock {
  /** Current fake epoch milliseconds. */
  readonly now: () => number;
  /**
   * Resolves when the fake time reaches now + ms. Time jumps to the earliest pending wake-up once the work
   * that is already runnable has run (a setImmediate turn), so concurrent sleepers overlap as on a real clock.
   */
  readonly sleep: (ms: number) => Promise<void>;
  /** Moves time forward without waking sleepers early: they wake at their own time on the next turn. */
  readonly advance: (ms: number) => void;
  /** Every sleep requested so far, in order. */
  readonly sleeps: number[];
}

/** 2026-03-01T12:00:00Z by default, near the real payloads in the protocol reference. */
export function createFakeClock(startMs = Date.UTC(2026, 2, 1, 12)): FakeClock {
  let t = startMs;
  const sleeps: number[] = [];
  const pending: { at: number; wake: () => void }[] = [];
  let scheduled = false;

  const tick = (): void => {
    scheduled = false;
    pending.sort((a, b) => a.at - b.at);
    const next = pending[0];
    if (next === undefined) return;
    t = Math.max(t, next.at);
    while (pending[0] !== undefined && pending[0].at <= t) pending.shift()?.wake();
    schedule();
  };
  const schedule = (): void => {
    if (scheduled || pending.length === 0) return;
    scheduled = true;
    setImmediate(tick);
  };

  return {
    now: () => t,
    sleep(ms) {
      sleeps.push(ms);
      return new Promise((resolve) => {
        pending.push({ at: t + Math.max(0, ms), wake: resolve });
        schedule();
      });
    },
    advance(ms) {
      t += ms;
    },
    sleeps,
  };
}
