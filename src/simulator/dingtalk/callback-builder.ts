// Builds robot callback bodies exactly as DingTalk sends them (protocol reference §1.2–1.4), for tests and the simulator.
import { createHash, randomBytes } from 'node:crypto';

/** DingTalk sets sessionWebhookExpiredTime ≈ createAt + 90 minutes in every captured payload. */
export const SESSION_WEBHOOK_LIFETIME_MS = 5_400_000;

export interface CallbackAtUser {
  readonly dingtalkId: string;
  /** Absent for the bot itself and for users outside the organisation. */
  readonly staffId?: string;
  readonly unionId?: string;
}

export type RichTextPart =
  | { readonly text: string }
  | { readonly type: 'picture'; readonly pictureDownloadCode: string; readonly downloadCode: string };

/**
 * A callback body as it appears on the wire. Field order follows real 2026 payloads; `senderPlatform`,
 * `openThreadId` and `senderUnionId` are fields kubetalk does not read, included so parsers meet them.
 */
export interface DingTalkCallbackBody {
  readonly senderPlatform: string;
  readonly conversationId: string;
  readonly atUsers?: readonly CallbackAtUser[];
  readonly chatbotCorpId: string;
  readonly chatbotUserId: string;
  readonly openThreadId?: string;
  readonly msgId: string;
  readonly senderNick: string;
  readonly isAdmin: boolean;
  readonly senderStaffId?: string;
  readonly sessionWebhookExpiredTime: number;
  readonly createAt: number;
  readonly senderCorpId?: string;
  readonly conversationType: '1' | '2';
  readonly senderId: string;
  readonly conversationTitle?: string;
  readonly isInAtList?: boolean;
  readonly sessionWebhook: string;
  readonly senderUnionId: string;
  readonly text?: { readonly content: string };
  readonly content?: Readonly<Record<string, unknown>>;
  readonly robotCode: string;
  readonly msgtype: string;
}

/** The robot receiving the callback. */
export interface BotIdentity {
  /** Display name; appears as "@name" in richText mention segments. */
  readonly name: string;
  readonly chatbotUserId: string;
  readonly robotCode: string;
  readonly corpId: string;
}

export interface SenderSpec {
  readonly nick?: string;
  /** Organisation user id; null for an external user (the field is then absent, as on DingTalk). */
  readonly staffId?: string | null;
  readonly senderId?: string;
  readonly isAdmin?: boolean;
  readonly corpId?: string;
  readonly platform?: string;
}

/** What the user sent. A plain string is shorthand for a text message. */
export type MessageSpec =
  | string
  /** `text` is what the user typed after the mention; `content` overrides text.content byte for byte. */
  | { readonly type: 'text'; readonly text: string; readonly content?: string }
  /** `text` gets the bot's mention segment prepended in groups; `parts` are used exactly as given. */
  | { readonly type: 'richText'; readonly text: string }
  | { readonly type: 'richText'; readonly parts: readonly RichTextPart[] }
  | { readonly type: 'picture' }
  | { readonly type: 'audio'; readonly recognition: string }
  | { readonly type: 'file'; readonly fileName: string }
  | { readonly type: 'unknownMsgType' };

export interface CallbackSpec {
  readonly message: MessageSpec;
  readonly sender?: SenderSpec;
  readonly conversationId?: string;
  /** Group only. */
  readonly conversationTitle?: string;
  /** Other users @-mentioned in a group, added to atUsers after the bot. */
  readonly mentions?: readonly CallbackAtUser[];
  readonly msgId?: string;
  readonly createAt?: number;
  readonly sessionWebhook?: string;
  readonly sessionWebhookExpiredTime?: number;
  /** Merged last: add unknown fields or override any field (to build invalid bodies, use a plain object). */
  readonly extras?: Readonly<Record<string, unknown>>;
}

export interface CallbackBuilderOptions {
  readonly bot?: Partial<BotIdentity>;
  /** Epoch-milliseconds clock for createAt; Date.now by default. */
  readonly now?: () => number;
  /** Same seed, same sequence of generated ids. Random when omitted. */
  readonly seed?: string;
  /** Supplies sessionWebhook URLs, e.g. `(expiresAt) => webhookServer.createSession({ expiresAt })`. */
  readonly createSession?: (expiresAt: number) => string;
}

export interface CallbackBuilder {
  readonly bot: BotIdentity;
  /** A group message that @-mentions the bot (conversationType "2"). */
  buildGroupMessage(spec: CallbackSpec): DingTalkCallbackBody;
  /** A one-to-one message (conversationType "1"): no title, atUsers or isInAtList. */
  buildDirectMessage(spec: CallbackSpec): DingTalkCallbackBody;
}

const CORP_ID = 'dingb3fcb372fae00784ffe93478753d9884';

export function createCallbackBuilder(options: CallbackBuilderOptions = {}): CallbackBuilder {
  const seed = options.seed ?? randomBytes(8).toString('hex');
  const now = options.now ?? Date.now;
  let counter = 0;
  const digest = (label: string, bytes: number): Buffer =>
    createHash('sha256').update(`${seed}\0${label}`).digest().subarray(0, bytes);
  const lwcp = (label: string): string => `$:LWCP_v1:$${digest(label, 16).toString('base64')}`;
  const bot: BotIdentity = {
    name: 'kubetalk',
    chatbotUserId: lwcp('bot'),
    robotCode: `ding${digest('robot', 10).toString('hex').slice(0, 16)}`,
    corpId: CORP_ID,
    ...options.bot,
  };

  const build = (spec: CallbackSpec, group: boolean): DingTalkCallbackBody => {
    counter += 1;
    const createAt = spec.createAt ?? now();
    const expiresAt = spec.sessionWebhookExpiredTime ?? createAt + SESSION_WEBHOOK_LIFETIME_MS;
    const sessionWebhook =
      spec.sessionWebhook ??
      options.createSession?.(expiresAt) ??
      `https://oapi.dingtalk.com/robot/sendBySession?session=${digest(`session${counter}`, 16).toString('hex')}`;
    const message = describeMessage(spec.message, group, bot);
    const sender = spec.sender ?? {};
    const staffId = sender.staffId === undefined ? 'manager4711' : sender.staffId;
    const who = staffId ?? sender.nick ?? 'external';
    const conversationId =
      spec.conversationId ?? `cid${digest(group ? 'group' : `direct:${who}`, 16).toString('base64')}`;
    const body: Record<string, unknown> = {
      senderPlatform: sender.platform ?? 'Mac',
      conversationId,
      ...(group ? { atUsers: [{ dingtalkId: bot.chatbotUserId }, ...(spec.mentions ?? [])] } : {}),
      chatbotCorpId: bot.corpId,
      chatbotUserId: bot.chatbotUserId,
      ...(group ? { openThreadId: conversationId } : {}),
      msgId: spec.msgId ?? `msg${digest(`msg${counter}`, 16).toString('base64')}`,
      senderNick: sender.nick ?? '张三',
      isAdmin: sender.isAdmin ?? false,
      ...(staffId !== null ? { senderStaffId: staffId } : {}),
      sessionWebhookExpiredTime: expiresAt,
      createAt,
      ...(staffId !== null || sender.corpId !== undefined
        ? { senderCorpId: sender.corpId ?? bot.corpId }
        : {}),
      conversationType: group ? '2' : '1',
      senderId: sender.senderId ?? lwcp(`sender:${who}`),
      ...(group ? { conversationTitle: spec.conversationTitle ?? '机器人测试' } : {}),
      ...(group ? { isInAtList: true } : {}),
      sessionWebhook,
      senderUnionId: `${digest(`union:${who}`, 16).toString('base64url').slice(0, 22)}iEiE`,
      ...message.fields,
      robotCode: bot.robotCode,
      msgtype: message.msgtype,
      ...spec.extras,
    };
    // The spread above is how fields are assembled; the shape is the interface by construction.
    return body as unknown as DingTalkCallbackBody;
  };

  return {
    bot,
    buildGroupMessage: (spec) => build(spec, true),
    buildDirectMessage: (spec) => build(spec, false),
  };
}

type TextSpec = Extract<MessageSpec, { readonly type: 'text' }>;

/** The msgtype and its text/content field for a message. */
function describeMessage(
  message: MessageSpec,
  group: boolean,
  bot: BotIdentity,
): { msgtype: string; fields: Record<string, unknown> } {
  const spec: Exclude<MessageSpec, string> =
    typeof message === 'string' ? ({ type: 'text', text: message } satisfies TextSpec) : message;
  switch (spec.type) {
    case 'text':
      // DingTalk removes the @mention from the content but keeps the space that followed it.
      return {
        msgtype: 'text',
        fields: { text: { content: spec.content ?? (group ? ` ${spec.text}` : spec.text) } },
      };
    case 'richText': {
      const parts =
        'parts' in spec ? spec.parts : [...(group ? [{ text: `@${bot.name}` }] : []), { text: spec.text }];
      return { msgtype: 'richText', fields: { content: { richText: parts } } };
    }
    case 'picture':
      return {
        msgtype: 'picture',
        fields: { content: { pictureDownloadCode: 'pWjAexampleks=', downloadCode: 'mIofexampleJE0E' } },
      };
    case 'audio':
      return {
        msgtype: 'audio',
        fields: { content: { downloadCode: 'mIofexample7g==', recognition: spec.recognition } },
      };
    case 'file':
      return {
        msgtype: 'file',
        fields: {
          content: {
            spaceId: '223000573',
            fileName: spec.fileName,
            downloadCode: 'LJYYexamplebw==',
            fileId: '117000848',
          },
        },
      };
    case 'unknownMsgType':
      return {
        msgtype: 'unknownMsgType',
        fields: { content: { unknownMsgType: '用户发送了一条消息，机器人暂不支持接收。' } },
      };
  }
}
