// Notices a background loop that stopped making progress: each step announces how long it may take, and a step
// still running well past that (every step has its own deadline, so only a bug gets there) is a stall.

export interface StallWatch {
  /** A step starts that should be over within `expectedMs` (its own deadlines, a backoff delay). */
  expect(step: string, expectedMs: number): void;
  /** Nothing is due: the loop waits on events with their own end (an open socket), or it stopped on purpose. */
  rest(): void;
  /** Why the loop counts as stalled once a step overran by more than `graceMs`; undefined while it moves. */
  stalled(graceMs: number): string | undefined;
}

export function createStallWatch(now: () => number = () => Date.now()): StallWatch {
  let step: { name: string; startedAt: number; dueAt: number } | undefined;
  return {
    expect(name, expectedMs) {
      const t = now();
      step = { name, startedAt: t, dueAt: t + expectedMs };
    },
    rest() {
      step = undefined;
    },
    stalled(graceMs) {
      if (!step || now() <= step.dueAt + graceMs) return undefined;
      const ranS = Math.round((now() - step.startedAt) / 1000);
      const dueS = Math.round((step.dueAt - step.startedAt) / 1000);
      return `${step.name} has run for ${ranS} s (due within ${dueS} s)`;
    },
  };
}
