import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCallbackBody } from '../../../../src/platforms/dingtalk/parse-callback.ts';

// Verbatim from the protocol reference §1.3 ("Real group text (2026)").
const REAL_2026 = `{"senderPlatform":"Mac","conversationId":"cid5tkiCHmOJDU5SKCJQ6LduQ==",
 "atUsers":[{"unionId":"jTrnBfnLEJdVzXd3sbz9MwiEiE","dingtalkId":"$:LWCP_v1:$WzRkWxokqn6fLW59ngC/nA==","staffId":"06126959521181497"},
            {"dingtalkId":"$:LWCP_v1:$+K87Fw8SS0jZtnlIoQHtg4gP6LDOe2jf"}],
 "chatbotCorpId":"dingb3fcb372fae00784ffe93478753d9884",
 "chatbotUserId":"$:LWCP_v1:$+K87Fw8SS0jZtnlIoQHtg4gP6LDOe2jf",
 "openThreadId":"cid5tkiCHmOJDU5SKCJQ6LduQ==","msgId":"msgRJX2OofHcT+WqWiGaijkXw==",
 "senderNick":"吕泽","isAdmin":true,"senderStaffId":"0948351305695176",
 "sessionWebhookExpiredTime":1772382335198,"createAt":1772376934909,
 "senderCorpId":"dingb3fcb372fae00784ffe93478753d9884","conversationType":"2",
 "senderId":"$:LWCP_v1:$EHg5XnVjrDCN9rSmgbs/HA==","conversationTitle":"机器人测试","isInAtList":true,
 "sessionWebhook":"https://oapi.dingtalk.com/robot/sendBySession?session=1d6cd44b6b8c154bb44d654a6039fc4a",
 "senderUnionId":"rkq8m6nIlrmaPC3HLyECZAiEiE",
 "text":{"content":" 给 发个消息“你好”"},"robotCode":"dingpul2ts6gnizcomqo","msgtype":"text"}`;

// Verbatim from §1.3 ("1:1 text").
const DIRECT = `{"conversationId":"cide****4g=","chatbotCorpId":"ding****6741","chatbotUserId":"$:LWC****ihY/",
 "msgId":"msgY****Pw==","senderNick":"张三","isAdmin":true,"senderStaffId":"042***297",
 "sessionWebhookExpiredTime":1695289035996,"createAt":1695283635765,"senderCorpId":"ding****6741",
 "conversationType":"1","senderId":"$:LWC****PA==",
 "sessionWebhook":"https://oapi.dingtalk.com/robot/sendBySession?session=79b48****4d4b",
 "robotCode":"ding****c6gk","msgtype":"text","text":{"content":"hello DingTalk!"}}`;

const minimal = (): Record<string, unknown> => ({
  msgId: 'msgAAAA==',
  msgtype: 'text',
  conversationId: 'cidAAAA==',
  conversationType: '2',
  senderId: '$:LWCP_v1:$AAAA',
  senderNick: '张三',
  sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=abc',
  sessionWebhookExpiredTime: 1_700_005_400_000,
  createAt: 1_700_000_000_000,
  text: { content: ' get pods' },
});

const parse = (body: unknown) => parseCallbackBody(JSON.stringify(body));

describe('parseCallbackBody', () => {
  it('parses the real 2026 group payload', () => {
    const result = parseCallbackBody(REAL_2026);
    if (!result.ok) throw new Error(result.reason);
    expect(result.message).toEqual({
      platform: 'dingtalk',
      messageId: 'msgRJX2OofHcT+WqWiGaijkXw==',
      text: '给 发个消息“你好”',
      sender: { id: '0948351305695176', unionId: 'rkq8m6nIlrmaPC3HLyECZAiEiE', name: '吕泽', isAdmin: true },
      conversation: { id: 'cid5tkiCHmOJDU5SKCJQ6LduQ==', type: 'group', title: '机器人测试' },
      createdAt: 1772376934909,
      replyTo: {
        url: 'https://oapi.dingtalk.com/robot/sendBySession?session=1d6cd44b6b8c154bb44d654a6039fc4a',
        expiresAt: 1772382335198,
      },
    });
    expect(result.raw).toMatchObject({
      chatbotUserId: '$:LWCP_v1:$+K87Fw8SS0jZtnlIoQHtg4gP6LDOe2jf',
      isInAtList: true,
    });
  });

  it('keeps known fields in raw and drops unknown ones', () => {
    const result = parseCallbackBody(REAL_2026);
    if (!result.ok) throw new Error(result.reason);
    expect(result.raw.atUsers).toEqual([
      { dingtalkId: '$:LWCP_v1:$WzRkWxokqn6fLW59ngC/nA==', staffId: '06126959521181497' },
      { dingtalkId: '$:LWCP_v1:$+K87Fw8SS0jZtnlIoQHtg4gP6LDOe2jf' },
    ]);
    expect(result.raw.text).toEqual({ content: ' 给 发个消息“你好”' });
    expect(Object.keys(result.raw)).not.toContain('senderPlatform');
    expect(Object.keys(result.raw)).not.toContain('senderUnionId');
  });

  it('parses the 1:1 example as a direct conversation without title', () => {
    const result = parseCallbackBody(DIRECT);
    if (!result.ok) throw new Error(result.reason);
    expect(result.message.conversation).toEqual({ id: 'cide****4g=', type: 'direct' });
    expect('title' in result.message.conversation).toBe(false);
    expect(result.message.text).toBe('hello DingTalk!');
  });

  it('accepts a Buffer and strips a UTF-8 BOM', () => {
    const result = parseCallbackBody(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(DIRECT)]));
    expect(result.ok).toBe(true);
  });

  it('trims the whitespace DingTalk leaves where it removed mentions', () => {
    const result = parse({ ...minimal(), text: { content: '  \n scale web 3 \t' } });
    expect(result.ok && result.message.text).toBe('scale web 3');
  });

  it('tolerates unknown fields of any type', () => {
    const body = {
      ...minimal(),
      hostingContext: { userId: 'x' },
      conversationMsgContext: [{}],
      ai_robot_sessionid: 1,
    };
    expect(parse(body).ok).toBe(true);
  });

  describe('sender', () => {
    it('uses senderStaffId as the user id and isAdmin as given', () => {
      const result = parse({ ...minimal(), senderStaffId: 'user123', isAdmin: true });
      expect(result.ok && result.message.sender).toEqual({ id: 'user123', name: '张三', isAdmin: true });
    });
    it('gives an external user (no senderStaffId) an empty id and no admin rights', () => {
      const result = parse(minimal());
      expect(result.ok && result.message.sender).toEqual({ id: '', name: '张三', isAdmin: false });
    });
    it('does not treat a non-boolean isAdmin as true', () => {
      const result = parse({ ...minimal(), isAdmin: 'true' });
      expect(result.ok && result.message.sender.isAdmin).toBe(false);
    });
    it('rejects a senderStaffId that is not a string', () => {
      expect(parse({ ...minimal(), senderStaffId: 42 })).toEqual({
        ok: false,
        reason: 'invalid field: senderStaffId',
      });
    });
  });

  describe('required fields', () => {
    it.each([
      'msgId',
      'msgtype',
      'conversationId',
      'conversationType',
      'senderId',
      'senderNick',
      'sessionWebhook',
      'sessionWebhookExpiredTime',
      'createAt',
    ])('rejects a body without %s', (field) => {
      const body = minimal();
      delete body[field];
      expect(parse(body)).toEqual({ ok: false, reason: `invalid field: ${field}` });
    });

    it.each([
      ['conversationType', 2],
      ['conversationType', '3'],
      ['createAt', '1700000000000'],
      ['createAt', 1.5],
      ['createAt', -1],
      ['sessionWebhookExpiredTime', '1700005400000'],
      ['sessionWebhook', ''],
      ['msgId', ''],
      ['msgId', 7],
      ['senderNick', null],
    ])('rejects %s = %j', (field, value) => {
      expect(parse({ ...minimal(), [field]: value })).toEqual({
        ok: false,
        reason: `invalid field: ${field}`,
      });
    });

    it('rejects a text message without text.content', () => {
      expect(parse({ ...minimal(), text: {} })).toEqual({ ok: false, reason: 'invalid field: text.content' });
      expect(parse({ ...minimal(), text: 'get pods' })).toEqual({
        ok: false,
        reason: 'invalid field: text.content',
      });
    });
  });

  describe('richText', () => {
    it('joins text segments and drops the leading mentions (reference 2026 sample)', () => {
      const content = {
        richText: [
          { text: '@小白' },
          { text: '给' },
          { text: '@释心' },
          { text: '发个消息“' },
          { text: '你12好' },
          { text: '”' },
        ],
      };
      const result = parse({ ...minimal(), msgtype: 'richText', text: undefined, content });
      expect(result.ok && result.message.text).toBe('给 @释心 发个消息“你12好”');
    });

    it('drops several leading mentions and skips picture segments', () => {
      const content = {
        richText: [
          { text: '@bot' },
          { text: ' @alice ' },
          { text: 'describe pod web-1' },
          { pictureDownloadCode: 'p', downloadCode: 'd', type: 'picture' },
          { text: ' please' },
        ],
      };
      const result = parse({ ...minimal(), msgtype: 'richText', content });
      expect(result.ok && result.message.text).toBe('describe pod web-1 please');
    });

    it('yields empty text for a richText body without segments', () => {
      const result = parse({ ...minimal(), msgtype: 'richText', content: { richText: 'nope' } });
      expect(result.ok && result.message.text).toBe('');
    });
  });

  it.each(['picture', 'audio', 'video', 'file', 'unknownMsgType'])(
    'accepts msgtype %s with empty text (the dispatcher answers with help)',
    (msgtype) => {
      const content = { downloadCode: 'x', recognition: 'delete namespace prod' };
      const result = parse({ ...minimal(), msgtype, text: undefined, content });
      expect(result.ok && result.message.text).toBe('');
    },
  );

  describe('hostile or broken input', () => {
    it.each([
      ['__proto__ at the top', `{"__proto__":{"polluted":1},${JSON.stringify(minimal()).slice(1)}`],
      [
        '__proto__ nested',
        JSON.stringify({ ...minimal(), content: { a: [{}] } }).replace(
          '"a":[{}]',
          '"a":[{"__proto__":{"x":1}}]',
        ),
      ],
      [
        'constructor.prototype',
        JSON.stringify({ ...minimal(), atUsers: [{ constructor: { prototype: { x: 1 } } }] }),
      ],
    ])('rejects a forbidden key (%s) without polluting prototypes', (_name, raw) => {
      expect(parseCallbackBody(raw)).toEqual({ ok: false, reason: 'body contains a forbidden key' });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(({} as Record<string, unknown>).x).toBeUndefined();
    });

    it.each([
      ['empty', ''],
      ['truncated JSON', DIRECT.slice(0, 40)],
      ['an array', '[]'],
      ['null', 'null'],
      ['a string', '"hello"'],
    ])('rejects %s', (_name, raw) => {
      const result = parseCallbackBody(raw);
      expect(result.ok).toBe(false);
    });

    it('rejects invalid UTF-8', () => {
      expect(parseCallbackBody(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))).toEqual({
        ok: false,
        reason: 'body is not valid UTF-8',
      });
    });

    it('never throws, whatever the input (property)', () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.string(),
            fc.jsonValue().map((v) => JSON.stringify(v)),
          ),
          (raw) => {
            expect(() => parseCallbackBody(raw)).not.toThrow();
          },
        ),
      );
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
          expect(() => parseCallbackBody(Buffer.from(bytes))).not.toThrow();
        }),
      );
    });

    it('never throws on valid bodies with arbitrary extra or replaced fields (property)', () => {
      fc.assert(
        fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (extra) => {
          const result = parse({ ...minimal(), ...extra });
          expect(typeof result.ok).toBe('boolean');
        }),
      );
    });
  });
});
