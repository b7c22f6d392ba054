// A counting gate for actions running at once in this process: enter or be refused, never wait.

export interface ConcurrencyGate {
  /** A release function when a slot was free (call it exactly once; later calls do nothing), else undefined. */
  tryEnter(): (() => void) | undefined;
  readonly running: number;
  readonly max: number;
}

export function createConcurrencyGate(max: number): ConcurrencyGate {
  let running = 0;
  return {
    tryEnter() {
      if (running >= max) return undefined;
      running += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        running -= 1;
      };
    },
    get running() {
      return running;
    },
    max,
  };
}
