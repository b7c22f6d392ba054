// Keeps attacker-controlled events (forged callbacks) from turning into a log flood: one line per key and interval,
// carrying how many were left out since the last one. The metrics still count every event.

export interface LogThrottle {
  /** undefined = stay quiet; otherwise log now, mentioning `suppressed` events since the previous line. */
  admit(key: string): { suppressed: number } | undefined;
}

export function createLogThrottle(intervalMs: number, now: () => number = Date.now): LogThrottle {
  const state = new Map<string, { last: number; suppressed: number }>();
  return {
    admit(key) {
      const t = now();
      const s = state.get(key);
      if (s && t - s.last < intervalMs) {
        s.suppressed++;
        return undefined;
      }
      // Few keys (status codes, reasons), so the map stays small without eviction.
      state.set(key, { last: t, suppressed: 0 });
      return { suppressed: s?.suppressed ?? 0 };
    },
  };
}
