// What the public server does with a refused callback: count it, and log it at most once per reason every 10 s
// (forged or malformed callbacks are attacker-controlled; the metric counts them all).
import type { Logger } from '../log/logger.ts';
import { createLogThrottle } from '../log/throttle.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { resultForStatus } from '../server/callback-results.ts';

const LOG_EVERY_MS = 10_000;

export function createRejectionLogger(
  metrics: Metrics,
  log: Logger,
): (path: string, status: number, reason: string, hint?: string) => void {
  const throttle = createLogThrottle(LOG_EVERY_MS);
  return (path, status, reason, hint) => {
    metrics.callbacks.inc({ result: resultForStatus(status) });
    const admitted = throttle.admit(`${status} ${reason}`);
    if (!admitted) return;
    log.warn('callback rejected', {
      path,
      status,
      reason,
      suppressedSinceLast: admitted.suppressed,
      ...(hint !== undefined ? { hint } : {}),
    });
  };
}
