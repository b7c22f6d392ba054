import { describe, expect, it } from 'vitest';
import {
  buildAck,
  buildCallbackAck,
  buildPingAck,
  parseDownstreamFrame,
  TOPIC_ROBOT_MESSAGE,
} from '../../../../../src/platforms/dingtalk/stream/frames.ts';
import { decideFrame } from '../../../../../src/platforms/dingtalk/stream/decide-frame.ts';

/** An ACK frame's fields (what the double checks). */
const ackOf = (text: string | undefined): { code: number; data: string } =>
  JSON.parse(text ?? '') as { code: number; data: string };

const robotData = {
  msgId: 'msg-1',
  msgtype: 'text',
  conversationId: 'cid1==',
  conversationType: '2',
  senderId: '$:LWCP_v1:$x',
  senderNick: 'Alice',
  senderStaffId: 'alice01',
  sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=abc',
  sessionWebhookExpiredTime: 1_700_005_400_000,
  createAt: 1_700_000_000_000,
  text: { content: ' scale web 3' },
};

function frame(over: Record<string, unknown> = {}, headers: Record<string, unknown> = {}): string {
  return JSON.stringify({
    specVersion: '1.0',
    type: 'CALLBACK',
    headers: {
      appId: 'a',
      connectionId: 'c',
      contentType: 'application/json',
      messageId: '212ca9d7_974_1898c159aa6_1783b',
      time: '1690362102194',
      topic: TOPIC_ROBOT_MESSAGE,
      ...headers,
    },
    data: JSON.stringify(robotData),
    ...over,
  });
}

describe('parseDownstreamFrame', () => {
  it('reads the documented CALLBACK frame (string headers, double-encoded data)', () => {
    const r = parseDownstreamFrame(frame());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.frame).toMatchObject({
      type: 'CALLBACK',
      topic: TOPIC_ROBOT_MESSAGE,
      messageId: '212ca9d7_974_1898c159aa6_1783b',
    });
    expect(JSON.parse(r.frame.data)).toMatchObject({ msgId: 'msg-1' });
  });

  it('tolerates a numeric time header (the doc table says Number) and a SYSTEM frame without specVersion or messageId', () => {
    expect(parseDownstreamFrame(frame({}, { time: 1690362102194 })).ok).toBe(true);
    const disconnect = JSON.stringify({
      type: 'SYSTEM',
      headers: { topic: 'disconnect', contentType: 'application/json' },
      data: '{"reason":"x"}',
    });
    expect(parseDownstreamFrame(disconnect)).toMatchObject({ ok: true, frame: { messageId: undefined } });
  });

  it.each([
    ['not JSON', '{nope', 'frame is not JSON'],
    ['an array', '[]', 'frame is not a JSON object'],
    ['no headers', JSON.stringify({ type: 'CALLBACK', data: '{}' }), 'frame without headers'],
    ['an unknown type', frame({ type: 'PUSH' }), 'unknown frame type'],
    ['no topic', frame({}, { topic: '' }), 'frame without topic'],
    ['a CALLBACK without messageId', frame({}, { messageId: undefined }), 'frame without messageId'],
    ['a huge messageId', frame({}, { messageId: 'x'.repeat(500) }), 'invalid messageId'],
    ['object data', frame({ data: robotData }), 'frame data is not a string'],
  ])('refuses %s', (_name, text, reason) => {
    expect(parseDownstreamFrame(text)).toMatchObject({ ok: false, reason });
  });

  it('refuses an oversized frame before parsing it', () => {
    expect(parseDownstreamFrame(frame(), 100)).toMatchObject({
      ok: false,
      reason: 'frame larger than 100 bytes',
    });
  });
});

describe('ACK building', () => {
  it('builds the documented response frame: code, headers.messageId + contentType, message, data as a JSON string', () => {
    expect(JSON.parse(buildCallbackAck('m1'))).toEqual({
      code: 200,
      headers: { contentType: 'application/json', messageId: 'm1' },
      message: 'OK',
      data: '{"response":null}',
    });
    expect(JSON.parse(buildAck('m2', '{}', 404))).toMatchObject({
      code: 404,
      message: 'topic not supported',
    });
  });

  it('echoes a ping`s data', () => {
    const ping = parseDownstreamFrame(
      JSON.stringify({
        type: 'SYSTEM',
        headers: { topic: 'ping', messageId: 'p1', contentType: 'application/json' },
        data: '{"opaque":"123-dsfs"}',
      }),
    );
    if (!ping.ok) throw new Error('ping did not parse');
    expect(JSON.parse(buildPingAck(ping.frame) ?? '')).toMatchObject({
      code: 200,
      headers: { messageId: 'p1' },
      data: '{"opaque":"123-dsfs"}',
    });
  });
});

describe('decideFrame', () => {
  it('ACKs a robot message and delivers the same InboundMessage the HTTP callback produces', () => {
    const d = decideFrame(frame(), 65536);
    expect(d.kind).toBe('message');
    expect(JSON.parse(d.ack ?? '')).toMatchObject({
      code: 200,
      headers: { messageId: '212ca9d7_974_1898c159aa6_1783b' },
    });
    expect(d.deliver?.message).toMatchObject({
      messageId: 'msg-1',
      text: 'scale web 3',
      sender: { id: 'alice01' },
    });
    expect(d.deliver?.frameMessageId).toBe('212ca9d7_974_1898c159aa6_1783b');
  });

  it('answers 400 to data that is not the robot message it claims to be, and delivers nothing', () => {
    for (const data of ['{not json', '{}', JSON.stringify({ ...robotData, msgId: 7 })]) {
      const d = decideFrame(frame({ data }), 65536);
      expect(d).toMatchObject({ kind: 'bad_data' });
      expect(d.deliver).toBeUndefined();
      expect(ackOf(d.ack).code).toBe(400);
    }
    expect(decideFrame(frame(), 100)).toMatchObject({
      kind: 'bad_data',
      reason: 'data larger than 100 bytes',
    });
  });

  it('answers 404 to a topic it did not subscribe to, SUCCESS to an EVENT, nothing to a disconnect', () => {
    expect(ackOf(decideFrame(frame({}, { topic: '/v1.0/card/instances/callback' }), 65536).ack).code).toBe(
      404,
    );
    const ev = decideFrame(frame({ type: 'EVENT', data: '{}' }, { topic: '*' }), 65536);
    expect(JSON.parse(ackOf(ev.ack).data)).toMatchObject({ status: 'SUCCESS' });
    const dis = decideFrame(
      JSON.stringify({ type: 'SYSTEM', headers: { topic: 'disconnect' }, data: '{}' }),
      65536,
    );
    expect(dis).toEqual({ kind: 'disconnect', disconnect: true });
  });

  it('never throws on garbage', () => {
    for (const t of ['', 'null', '1', '"x"', '{"headers":null}', '{"type":"CALLBACK","headers":{"topic":1}}'])
      expect(decideFrame(t, 65536).kind).toBe('malformed');
  });
});
