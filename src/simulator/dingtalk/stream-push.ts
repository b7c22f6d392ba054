// Pushing CALLBACK frames from the Stream gateway double: to one open connection, again after redeliverAfterMs
// while un-ACKed, and kept for later when no connection is open (as DingTalk keeps a frame for redelivery).
import { randomBytes } from 'node:crypto';
import { ROBOT_TOPIC } from './judge-open-request.ts';
import { frameText } from './stream-frames.ts';
import { openSockets, type GatewayState, type PendingFrame } from './stream-gateway-state.ts';

export function pushCallbackFrame(
  state: GatewayState,
  redeliverAfterMs: number,
  data: unknown,
  opts: { readonly messageId?: string; readonly connection?: number },
): string {
  const messageId = opts.messageId ?? `${randomBytes(4).toString('hex')}_974_${Date.now().toString(16)}`;
  const p: PendingFrame = {
    messageId,
    text: frameText('CALLBACK', ROBOT_TOPIC, messageId, JSON.stringify(data)),
    pushes: 0,
    acked: false,
    timer: undefined,
    pushedAt: 0,
  };
  state.pending.set(messageId, p);
  sendFrame(state, redeliverAfterMs, p, opts.connection);
  return messageId;
}

function sendFrame(
  state: GatewayState,
  redeliverAfterMs: number,
  p: PendingFrame,
  connection?: number,
): void {
  const targets = openSockets(state);
  if (targets.length === 0) {
    // Nobody to deliver to: DingTalk would keep it for a redelivery; so do we, when redelivery is on.
    if (redeliverAfterMs > 0)
      p.timer = setTimeout(() => sendFrame(state, redeliverAfterMs, p), redeliverAfterMs);
    return;
  }
  const ws = targets[connection ?? Math.floor(Math.random() * targets.length)] ?? targets[0];
  p.pushes += 1;
  p.pushedAt = performance.now();
  ws?.send(p.text);
  if (redeliverAfterMs > 0)
    p.timer = setTimeout(() => !p.acked && sendFrame(state, redeliverAfterMs, p), redeliverAfterMs);
}
