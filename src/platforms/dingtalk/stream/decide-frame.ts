// What one downstream frame asks of the client: the ACK to send, a message to deliver, or the connection to end.
import type { InboundMessage } from '../../../dispatch/ports/chat.ts';
import { parseCallbackBody } from '../parse-callback.ts';
import {
  buildCallbackAck,
  buildEventAck,
  buildPingAck,
  parseDownstreamFrame,
  TOPIC_ROBOT_MESSAGE,
} from './frames.ts';

/** How a frame is counted (metric label) and logged. */
export type FrameKind =
  'message' | 'ping' | 'disconnect' | 'event' | 'system' | 'unknown_topic' | 'bad_data' | 'malformed';

export const FRAME_KINDS: readonly FrameKind[] = [
  'message',
  'ping',
  'disconnect',
  'event',
  'system',
  'unknown_topic',
  'bad_data',
  'malformed',
];

export interface StreamDelivery {
  readonly message: InboundMessage;
  /** The frame's `headers.messageId`: a redelivery of the same frame carries the same one. */
  readonly frameMessageId: string;
  /** The `data` text, for a digest that tells a redelivery from a different message under a reused id. */
  readonly data: string;
}

export interface FrameDecision {
  readonly kind: FrameKind;
  /** The response frame to send at once, if the protocol expects one. */
  readonly ack?: string;
  readonly deliver?: StreamDelivery;
  /** The server announced it will close this connection: open another. */
  readonly disconnect?: boolean;
  /** Why the frame was refused, for the log. */
  readonly reason?: string;
  readonly messageId?: string;
}

/**
 * Pure: no I/O and no clock, so every branch is unit-tested. A robot message whose `data` does not parse is
 * still ACKed (with 400), because an unanswered frame is re-pushed and would fail the same way again.
 */
export function decideFrame(text: string, maxDataBytes: number): FrameDecision {
  const parsed = parseDownstreamFrame(text);
  if (!parsed.ok) {
    const ack = parsed.messageId !== undefined ? buildCallbackAck(parsed.messageId, 400) : undefined;
    return {
      kind: 'malformed',
      reason: parsed.reason,
      ...(ack !== undefined ? { ack } : {}),
      ...(parsed.messageId !== undefined ? { messageId: parsed.messageId } : {}),
    };
  }
  const frame = parsed.frame;
  const id = frame.messageId;
  const withId = id !== undefined ? { messageId: id } : {};
  if (frame.type === 'SYSTEM') {
    if (frame.topic === 'ping') {
      const ack = buildPingAck(frame);
      return { kind: 'ping', ...withId, ...(ack !== undefined ? { ack } : {}) };
    }
    if (frame.topic === 'disconnect') return { kind: 'disconnect', disconnect: true, ...withId };
    // CONNECTED / REGISTERED / KEEPALIVE (Node SDK only, undocumented): nothing to answer.
    return { kind: 'system', reason: `system topic ${frame.topic.slice(0, 40)}`, ...withId };
  }
  // Checked by the parser: every non-SYSTEM frame has an id.
  const messageId = id ?? '';
  if (frame.type === 'EVENT') return { kind: 'event', ack: buildEventAck(messageId), messageId };
  if (frame.topic !== TOPIC_ROBOT_MESSAGE)
    return {
      kind: 'unknown_topic',
      ack: buildCallbackAck(messageId, 404),
      messageId,
      reason: 'topic not subscribed',
    };
  if (frame.contentType !== undefined && frame.contentType !== 'application/json')
    return {
      kind: 'bad_data',
      ack: buildCallbackAck(messageId, 400),
      messageId,
      reason: 'content type is not JSON',
    };
  if (Buffer.byteLength(frame.data, 'utf8') > maxDataBytes)
    return {
      kind: 'bad_data',
      ack: buildCallbackAck(messageId, 400),
      messageId,
      reason: `data larger than ${maxDataBytes} bytes`,
    };
  const body = parseCallbackBody(frame.data);
  if (!body.ok)
    return { kind: 'bad_data', ack: buildCallbackAck(messageId, 400), messageId, reason: body.reason };
  return {
    kind: 'message',
    ack: buildCallbackAck(messageId),
    messageId,
    deliver: { message: body.message, frameMessageId: messageId, data: frame.data },
  };
}
