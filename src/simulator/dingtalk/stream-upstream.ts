// What the Stream gateway double does with a frame from the client: a ping's echo, a CALLBACK's ACK, or a protocol
// breach it records (malformed, or an ACK for a frame it never pushed).
import { parseAckFrame } from './parse-ack-frame.ts';
import type { GatewayState } from './stream-gateway-state.ts';

export function receiveUpstream(state: GatewayState, connectionId: string, text: string): void {
  const ack = parseAckFrame(text);
  if (!ack) {
    state.malformed.push(text.slice(0, 200));
    return;
  }
  const { messageId, code, data } = ack;
  const ping = state.pings.get(messageId);
  if (ping) {
    state.pings.delete(messageId);
    const opaque = (JSON.parse(data) as Record<string, unknown>)['opaque'];
    ping(typeof opaque === 'string' ? opaque : '');
    return;
  }
  const p = state.pending.get(messageId);
  if (!p) {
    state.malformed.push(text.slice(0, 200));
    return;
  }
  p.acked = true;
  clearTimeout(p.timer);
  state.acks.push({
    messageId,
    code,
    data,
    connectionId,
    at: Date.now(),
    latencyMs: performance.now() - p.pushedAt,
  });
  for (const w of [...state.ackWaiters]) w();
}
