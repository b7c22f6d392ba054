import { describe, expect, it } from 'vitest';
import { parseCallbackBody } from '../../../src/platforms/dingtalk/parse-callback.ts';
import { createCallbackBuilder, SESSION_WEBHOOK_LIFETIME_MS } from '../../support/dingtalk/index.ts';

const NOW = 1_772_376_934_909;
const builder = createCallbackBuilder({ seed: 'fixed', now: () => NOW });

// Field order of the real 2026 group payload in the protocol reference §1.3.
const REAL_GROUP_ORDER = [
  'senderPlatform',
  'conversationId',
  'atUsers',
  'chatbotCorpId',
  'chatbotUserId',
  'openThreadId',
  'msgId',
  'senderNick',
  'isAdmin',
  'senderStaffId',
  'sessionWebhookExpiredTime',
  'createAt',
  'senderCorpId',
  'conversationType',
  'senderId',
  'conversationTitle',
  'isInAtList',
  'sessionWebhook',
  'senderUnionId',
  'text',
  'robotCode',
  'msgtype',
];

describe('createCallbackBuilder', () => {
  describe('group message', () => {
    const body = builder.buildGroupMessage({ message: 'get pods', conversationTitle: '运维群' });

    it('has the fields of a real group payload, in order', () => {
      expect(Object.keys(body)).toEqual(REAL_GROUP_ORDER);
    });

    it('uses the wire types DingTalk uses', () => {
      expect(body.conversationType).toBe('2');
      expect(body.createAt).toBe(NOW);
      expect(typeof body.sessionWebhookExpiredTime).toBe('number');
      expect(body.sessionWebhookExpiredTime).toBe(NOW + SESSION_WEBHOOK_LIFETIME_MS);
      expect(SESSION_WEBHOOK_LIFETIME_MS).toBe(5_400_000);
      expect(body.isInAtList).toBe(true);
      expect(body.conversationTitle).toBe('运维群');
      expect(body.isAdmin).toBe(false);
    });

    it('lists the bot in atUsers by dingtalkId only, and keeps the leading space in text.content', () => {
      expect(body.atUsers).toEqual([{ dingtalkId: body.chatbotUserId }]);
      expect(body.text).toEqual({ content: ' get pods' });
    });

    it('generates ids in DingTalk formats', () => {
      expect(body.msgId).toMatch(/^msg[A-Za-z0-9+/]{22}==$/);
      expect(body.conversationId).toMatch(/^cid[A-Za-z0-9+/]{22}==$/);
      expect(body.senderId).toMatch(/^\$:LWCP_v1:\$[A-Za-z0-9+/]{22}==$/);
      expect(body.chatbotUserId).toMatch(/^\$:LWCP_v1:\$/);
      expect(body.openThreadId).toBe(body.conversationId);
      expect(body.sessionWebhook).toMatch(
        /^https:\/\/oapi\.dingtalk\.com\/robot\/sendBySession\?session=[0-9a-f]{32}$/,
      );
      expect(body.robotCode).toMatch(/^ding[0-9a-f]{16}$/);
    });

    it('adds other mentioned users after the bot', () => {
      const withMention = builder.buildGroupMessage({
        message: 'grant view',
        mentions: [{ dingtalkId: '$:LWCP_v1:$alice', staffId: 'alice' }],
      });
      expect(withMention.atUsers).toEqual([
        { dingtalkId: withMention.chatbotUserId },
        { dingtalkId: '$:LWCP_v1:$alice', staffId: 'alice' },
      ]);
    });
  });

  describe('direct (1:1) message', () => {
    const body = builder.buildDirectMessage({ message: 'hello DingTalk!' });

    it('has no title, atUsers or isInAtList, and no leading space', () => {
      expect(body.conversationType).toBe('1');
      expect(body).not.toHaveProperty('conversationTitle');
      expect(body).not.toHaveProperty('atUsers');
      expect(body).not.toHaveProperty('isInAtList');
      expect(body.text).toEqual({ content: 'hello DingTalk!' });
    });
  });

  it('is deterministic for a given seed and clock, and differs between seeds', () => {
    const again = createCallbackBuilder({ seed: 'fixed', now: () => NOW });
    const first = createCallbackBuilder({ seed: 'fixed', now: () => NOW }).buildGroupMessage({
      message: 'x',
    });
    expect(again.buildGroupMessage({ message: 'x' })).toEqual(first);
    const other = createCallbackBuilder({ seed: 'other', now: () => NOW }).buildGroupMessage({
      message: 'x',
    });
    expect(other.msgId).not.toBe(first.msgId);
  });

  it('gives each message a new msgId and session but keeps the conversation', () => {
    const b = createCallbackBuilder({ seed: 'seq', now: () => NOW });
    const one = b.buildGroupMessage({ message: 'a' });
    const two = b.buildGroupMessage({ message: 'b' });
    expect(two.msgId).not.toBe(one.msgId);
    expect(two.sessionWebhook).not.toBe(one.sessionWebhook);
    expect(two.conversationId).toBe(one.conversationId);
  });

  it('asks the session factory for the webhook URL with the expiry', () => {
    const asked: number[] = [];
    const b = createCallbackBuilder({
      now: () => NOW,
      createSession: (expiresAt) => {
        asked.push(expiresAt);
        return 'http://127.0.0.1:1/robot/sendBySession?session=abc';
      },
    });
    expect(b.buildDirectMessage({ message: 'x' }).sessionWebhook).toBe(
      'http://127.0.0.1:1/robot/sendBySession?session=abc',
    );
    expect(asked).toEqual([NOW + 5_400_000]);
  });

  it('builds an external sender without senderStaffId or senderCorpId', () => {
    const body = builder.buildGroupMessage({ message: 'x', sender: { staffId: null, nick: 'Guest' } });
    expect(body).not.toHaveProperty('senderStaffId');
    expect(body).not.toHaveProperty('senderCorpId');
    expect(body.senderNick).toBe('Guest');
  });

  it('builds richText with the bot mention as its own segment in groups', () => {
    const group = builder.buildGroupMessage({ message: { type: 'richText', text: 'get pods' } });
    expect(group.msgtype).toBe('richText');
    expect(group).not.toHaveProperty('text');
    expect(group.content).toEqual({ richText: [{ text: '@kubetalk' }, { text: 'get pods' }] });
    const direct = builder.buildDirectMessage({ message: { type: 'richText', text: 'get pods' } });
    expect(direct.content).toEqual({ richText: [{ text: 'get pods' }] });
  });

  it.each([
    [{ type: 'picture' } as const, 'picture', 'downloadCode'],
    [{ type: 'audio', recognition: '查看 pod' } as const, 'audio', 'recognition'],
    [{ type: 'file', fileName: 'a.zip' } as const, 'file', 'fileName'],
    [{ type: 'unknownMsgType' } as const, 'unknownMsgType', 'unknownMsgType'],
  ])('builds %j', (message, msgtype, key) => {
    const body = builder.buildDirectMessage({ message });
    expect(body.msgtype).toBe(msgtype);
    expect(body.content).toHaveProperty(key);
  });

  it('lets extras add unknown fields or override any field', () => {
    const body = builder.buildGroupMessage({
      message: 'x',
      extras: { hostingContext: { userId: 'u' }, msgtype: 'odd' },
    });
    expect(body).toMatchObject({ hostingContext: { userId: 'u' }, msgtype: 'odd' });
  });

  it('produces bodies the product parser accepts (both sides agree on the protocol)', () => {
    const cases = [
      builder.buildGroupMessage({ message: 'scale web 3', sender: { staffId: 'u1', isAdmin: true } }),
      builder.buildDirectMessage({ message: 'get pods' }),
      builder.buildGroupMessage({ message: { type: 'richText', text: 'logs web-1' } }),
      builder.buildDirectMessage({ message: { type: 'picture' } }),
    ];
    const texts = cases.map((c) => {
      const result = parseCallbackBody(JSON.stringify(c));
      if (!result.ok) throw new Error(result.reason);
      return result.message.text;
    });
    expect(texts).toEqual(['scale web 3', 'get pods', 'logs web-1', '']);
  });
});
