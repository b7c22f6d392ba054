// Waits for a quiet machine before final measurements: the 2 cores are shared, and neighbours skew figures.
import { setTimeout as sleep } from 'node:timers/promises';
import { loadAverage, oneMinuteLoad } from './machine.ts';

/**
 * Polls the 1-minute load every 30 s until it is below `threshold`, or gives up after `maxMinutes` (the figures
 * then carry the load they were measured under). Returns the load average at the moment it returns.
 */
export async function waitForQuiet(maxMinutes: number, threshold = 0.8): Promise<string> {
  const deadline = Date.now() + maxMinutes * 60_000;
  for (;;) {
    const load = oneMinuteLoad();
    if (load < threshold) return loadAverage();
    if (Date.now() >= deadline) {
      console.error(`[quiet] gave up after ${maxMinutes} min; load ${loadAverage()}`);
      return loadAverage();
    }
    console.error(`[quiet] 1-minute load ${load} ≥ ${threshold}; waiting 30 s`);
    await sleep(30_000);
  }
}
