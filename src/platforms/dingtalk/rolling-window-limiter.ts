// A per-key "at most N per rolling window" gate that queues (never drops) and forgets idle keys.

export interface RollingWindowLimiterOptions {
  readonly limit: number;
  readonly windowMs: number;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

export interface RollingWindowLimiter {
  /** Resolves when the caller may send one message for `key`; callers for one key are served in order. */
  acquire(key: string): Promise<void>;
  /** How many keys are remembered; bounded by the keys used in roughly the last two windows. */
  trackedKeys(): number;
}

interface KeyState {
  /** Start times of the sends still inside the window, oldest first. */
  readonly sent: number[];
  tail: Promise<void>;
  pending: number;
}

export function createRollingWindowLimiter(options: RollingWindowLimiterOptions): RollingWindowLimiter {
  const { limit, windowMs, now, sleep } = options;
  const states = new Map<string, KeyState>();
  let lastSweep = now();

  const prune = (state: KeyState, t: number): void => {
    while (state.sent[0] !== undefined && state.sent[0] <= t - windowMs) state.sent.shift();
  };

  const waitForSlot = async (state: KeyState): Promise<void> => {
    for (;;) {
      const t = now();
      prune(state, t);
      const oldest = state.sent[0];
      if (state.sent.length < limit || oldest === undefined) {
        state.sent.push(t);
        return;
      }
      // At least 1 ms, so a clock that does not advance cannot spin this loop.
      await sleep(Math.max(1, oldest + windowMs - t));
    }
  };

  // Sweeping at most once per window keeps acquire O(1) amortised while still bounding memory.
  const forgetIdle = (): void => {
    const t = now();
    if (t - lastSweep < windowMs) return;
    lastSweep = t;
    for (const [key, state] of states) {
      prune(state, t);
      if (state.pending === 0 && state.sent.length === 0) states.delete(key);
    }
  };

  return {
    async acquire(key) {
      let state = states.get(key);
      if (state === undefined) {
        state = { sent: [], tail: Promise.resolve(), pending: 0 };
        states.set(key, state);
      }
      const current = state;
      current.pending += 1;
      const turn = current.tail.then(() => waitForSlot(current));
      current.tail = turn.catch(() => undefined);
      try {
        await turn;
      } finally {
        current.pending -= 1;
        forgetIdle();
      }
    },
    trackedKeys: () => states.size,
  };
}
