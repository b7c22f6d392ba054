// The Stream client's outer loop: connect, and when the connection ends (or never opened), wait as planned and
// connect again, until stopped. A failed open becomes a ConnectionEnd like any other.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../../log/logger.ts';
import type { BackoffOptions } from '../backoff.ts';
import { OpenConnectionError } from './open-connection.ts';
import {
  logConnectionEnd,
  planReconnect,
  type ConnectionEnd,
  type ReconnectReason,
} from './reconnect-plan.ts';
import { shortError } from './socket-session.ts';

export interface ReconnectLoopOptions {
  readonly connectOnce: () => Promise<ConnectionEnd>;
  readonly isStopping: () => boolean;
  /** Aborts the wait between attempts. */
  readonly signal: AbortSignal;
  readonly backoff: BackoffOptions;
  readonly authDelayMs: number;
  readonly log: Logger;
  /** A connection attempt starts. */
  readonly beforeAttempt?: () => void;
  /** Each connection's end, before the wait. */
  readonly onEnd: (end: ConnectionEnd) => void;
  /** The wait before the next attempt starts (0 when there is none). */
  readonly beforeWait?: (delayMs: number) => void;
}

export async function runReconnectLoop(o: ReconnectLoopOptions): Promise<void> {
  let attempt = 0;
  while (!o.isStopping()) {
    let result: ConnectionEnd;
    o.beforeAttempt?.();
    try {
      result = await o.connectOnce();
    } catch (err) {
      const kind = err instanceof OpenConnectionError ? err.kind : 'transient';
      const reason: ReconnectReason = kind === 'auth' ? 'auth' : kind === 'refused' ? 'refused' : 'error';
      result = { reason, detail: shortError(err), stable: false };
    }
    if (o.isStopping()) break;
    o.onEnd(result);
    const plan = planReconnect(result, attempt, o.backoff, o.authDelayMs);
    attempt = plan.attempt;
    logConnectionEnd(o.log, result, plan.delayMs);
    o.beforeWait?.(plan.delayMs);
    if (plan.delayMs > 0) await sleep(plan.delayMs, undefined, { signal: o.signal }).catch(() => undefined);
  }
}
