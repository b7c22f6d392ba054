// One frame from the Stream gateway: ACK it first (DingTalk re-pushes un-ACKed frames), count it, log a refusal
// (throttled), hand a robot message on, and on `disconnect` open a new connection before closing this one.
import WebSocket from 'ws';
import type { LogThrottle } from '../../../log/throttle.ts';
import type { Logger } from '../../../log/logger.ts';
import { decideFrame } from './decide-frame.ts';
import type { ConnectionEnd } from './reconnect-plan.ts';
import { shortError } from './socket-session.ts';
import type { StreamClientOptions } from './stream-client.ts';

export interface FrameContext {
  readonly opts: Pick<StreamClientOptions, 'maxDataBytes' | 'onMessage' | 'onFrame' | 'onAck'>;
  readonly log: Logger;
  readonly refusals: LogThrottle;
  /** After `disconnect` the old socket may still carry frames; it is closed after this long. */
  readonly drainMs: number;
}

export function handleFrame(
  ws: WebSocket,
  text: string,
  end: (e: ConnectionEnd) => void,
  stable: () => void,
  { opts, log, refusals, drainMs }: FrameContext,
): void {
  const received = performance.now();
  const d = decideFrame(text, opts.maxDataBytes);
  opts.onFrame?.(d.kind);
  if (d.ack !== undefined) {
    ws.send(
      d.ack,
      (err) => err && log.warn('stream ACK not sent', { messageId: d.messageId, error: shortError(err) }),
    );
    if (d.kind === 'message') opts.onAck?.((performance.now() - received) / 1000);
  }
  if (d.kind === 'message' || d.kind === 'ping') stable();
  if (d.reason !== undefined && d.kind !== 'system') {
    const admitted = refusals.admit(`${d.kind} ${d.reason}`);
    if (admitted)
      log.warn('stream frame refused', {
        kind: d.kind,
        reason: d.reason,
        messageId: d.messageId,
        suppressedSinceLast: admitted.suppressed,
      });
  }
  if (d.deliver) opts.onMessage(d.deliver);
  if (d.disconnect) {
    log.info('stream: DingTalk announced a disconnect; opening a new connection');
    end({ reason: 'disconnect', detail: 'server disconnect', stable: true });
    // Make-before-break: this socket keeps being read until DingTalk closes it, or we do after drainMs.
    setTimeout(() => ws.readyState === WebSocket.OPEN && ws.close(1000, 'reconnected'), drainMs).unref();
  }
}
