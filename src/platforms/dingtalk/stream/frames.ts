// The Stream wire format (protocol reference §4.3–§4.4): parsing downstream frames and building upstream ACKs.

/** The robot-message topic kubetalk subscribes to. */
export const TOPIC_ROBOT_MESSAGE = '/v1.0/im/bot/messages/get';
/** Java's SDK caps frames at 256 KiB; a robot message is a few kilobytes. */
export const MAX_FRAME_BYTES = 256 * 1024;
/** DingTalk message ids are short (`212ca9d7_974_1898c159aa6_1783b`); a huge one is not DingTalk. */
const MAX_MESSAGE_ID_CHARS = 128;

export type FrameType = 'SYSTEM' | 'EVENT' | 'CALLBACK';

export interface DownstreamFrame {
  readonly type: FrameType;
  readonly topic: string;
  /** Absent only on SYSTEM frames (the documented `disconnect` has none). */
  readonly messageId: string | undefined;
  readonly contentType: string | undefined;
  /** The `data` string as sent: JSON text to be parsed a second time. */
  readonly data: string;
}

export type FrameParse =
  | { readonly ok: true; readonly frame: DownstreamFrame }
  /** `messageId` is set when the frame was readable enough to be answered. */
  | { readonly ok: false; readonly reason: string; readonly messageId?: string };

const TYPES: ReadonlySet<string> = new Set(['SYSTEM', 'EVENT', 'CALLBACK']);

/**
 * Reads one text frame. Header values are strings on the wire (even `time`), but a number is tolerated
 * where the documentation's table says Number; anything else of the wrong shape is refused with a reason.
 */
export function parseDownstreamFrame(text: string, maxBytes: number = MAX_FRAME_BYTES): FrameParse {
  if (Buffer.byteLength(text, 'utf8') > maxBytes)
    return { ok: false, reason: `frame larger than ${maxBytes} bytes` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'frame is not JSON' };
  }
  if (!isObject(value)) return { ok: false, reason: 'frame is not a JSON object' };
  const headers = value['headers'];
  if (!isObject(headers)) return { ok: false, reason: 'frame without headers' };
  const messageId = readHeader(headers, 'messageId');
  const answerable = messageId !== undefined && isMessageId(messageId) ? { messageId } : {};
  const type = value['type'];
  if (typeof type !== 'string' || !TYPES.has(type))
    return { ok: false, reason: 'unknown frame type', ...answerable };
  const topic = readHeader(headers, 'topic');
  if (topic === undefined || topic === '') return { ok: false, reason: 'frame without topic', ...answerable };
  if (messageId !== undefined && !isMessageId(messageId)) return { ok: false, reason: 'invalid messageId' };
  if (messageId === undefined && type !== 'SYSTEM') return { ok: false, reason: 'frame without messageId' };
  const data = value['data'];
  if (data !== undefined && typeof data !== 'string')
    return { ok: false, reason: 'frame data is not a string', ...answerable };
  return {
    ok: true,
    frame: {
      type: type as FrameType,
      topic,
      messageId,
      contentType: readHeader(headers, 'contentType'),
      data: data ?? '',
    },
  };
}

/** A response frame; `data` must already be a JSON string (the protocol double-encodes it). */
export function buildAck(messageId: string, data: string, code: 200 | 400 | 404 | 500 = 200): string {
  const message =
    code === 200
      ? 'OK'
      : code === 404
        ? 'topic not supported'
        : code === 400
          ? 'bad request'
          : 'internal error';
  return JSON.stringify({ code, headers: { contentType: 'application/json', messageId }, message, data });
}

/** A robot message: the server ignores `data`; the documented fixed value is sent. */
export function buildCallbackAck(messageId: string, code: 200 | 400 | 404 = 200): string {
  return buildAck(messageId, JSON.stringify({ response: null }), code);
}

/** `ping` is answered by echoing its `data` (`{"opaque": …}`). */
export function buildPingAck(frame: DownstreamFrame): string | undefined {
  if (frame.messageId === undefined) return undefined;
  return buildAck(frame.messageId, frame.data === '' ? '{}' : frame.data);
}

/** EVENT frames need a status, or the server redelivers them; kubetalk takes none, so it says SUCCESS. */
export function buildEventAck(messageId: string): string {
  return buildAck(messageId, JSON.stringify({ status: 'SUCCESS', message: 'ignored by kubetalk' }));
}

/** The subscription list sent to `connections/open`. */
export function robotSubscriptions(): { type: FrameType; topic: string }[] {
  return [{ type: 'CALLBACK', topic: TOPIC_ROBOT_MESSAGE }];
}

function readHeader(headers: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const v = headers[name];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function isMessageId(v: string): boolean {
  return v !== '' && v.length <= MAX_MESSAGE_ID_CHARS && /^[\x21-\x7e]+$/.test(v);
}

function isObject(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
