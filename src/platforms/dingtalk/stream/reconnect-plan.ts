// How long to wait before the next Stream connection, and what the operator is told about the last one.
import type { Logger } from '../../../log/logger.ts';
import { computeBackoffMs, type BackoffOptions } from '../backoff.ts';

export type ReconnectReason = 'disconnect' | 'closed' | 'silent' | 'error' | 'auth' | 'refused';
export const RECONNECT_REASONS: readonly ReconnectReason[] = [
  'disconnect',
  'closed',
  'silent',
  'error',
  'auth',
  'refused',
];

export interface ConnectionEnd {
  readonly reason: ReconnectReason;
  readonly detail: string;
  /** The connection lived (a frame, or long enough open): the backoff starts over. */
  readonly stable: boolean;
}

/**
 * The attempt count after this end and the delay before the next try. A clean, announced disconnect reconnects
 * at once; refused credentials or policy wait at least `authDelayMs`, so a wrong secret never hammers DingTalk.
 */
export function planReconnect(
  end: ConnectionEnd,
  attempt: number,
  backoff: BackoffOptions,
  authDelayMs: number,
): { readonly attempt: number; readonly delayMs: number } {
  const base = end.stable ? 0 : attempt;
  if (end.reason === 'disconnect' && end.stable) return { attempt: base, delayMs: 0 };
  const next = base + 1;
  const delay = computeBackoffMs(next, backoff);
  const refused = end.reason === 'auth' || end.reason === 'refused';
  return { attempt: next, delayMs: refused ? Math.max(delay, authDelayMs) : delay };
}

export function logConnectionEnd(log: Logger, end: ConnectionEnd, delayMs: number): void {
  const retryInSeconds = Math.round(delayMs / 1000);
  if (end.reason === 'auth')
    log.error(
      'DingTalk refused the Stream credentials; check KUBETALK_DINGTALK_CLIENT_ID and the app secret',
      {
        detail: end.detail,
        retryInSeconds,
      },
    );
  else if (end.reason === 'refused')
    log.error('Stream connection refused by kubetalk policy; check KUBETALK_DINGTALK_API_ALLOWED_HOSTS', {
      detail: end.detail,
      retryInSeconds,
    });
  else if (end.reason !== 'disconnect')
    log.warn('stream connection lost; reconnecting', {
      reason: end.reason,
      detail: end.detail,
      delayMs,
    });
}
