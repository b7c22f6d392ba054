// The DingTalk callback body (§1.2 of the protocol reference): its wire type, and validation into an InboundMessage.
import type { InboundMessage } from '../../dispatch/ports/chat.ts';
import { joinRichText, normaliseTextContent } from './extract-text.ts';
import { capOf, findOverlongField } from './field-caps.ts';
import { parseJsonObject, type JsonObject } from './parse-json-object.ts';
import type { RichTextSegment } from './extract-text.ts';
import { isRecord } from '../../lib/is-record.ts';

export interface DingTalkAtUser {
  readonly dingtalkId: string;
  /** Absent for the bot itself and for users outside the organisation. */
  readonly staffId?: string;
}

/** The callback body as DingTalk sends it; only the fields kubetalk reads or validates are listed. */
export interface DingTalkCallback {
  readonly msgId: string;
  /** text, richText, picture, audio, video, file, unknownMsgType, … */
  readonly msgtype: string;
  readonly conversationId: string;
  /** "1" = one-to-one chat, "2" = group chat. */
  readonly conversationType: '1' | '2';
  readonly conversationTitle?: string;
  /** Encrypted sender id ("$:LWCP_v1:$…"); not the organisation user id. */
  readonly senderId: string;
  readonly senderNick: string;
  /** Organisation user id; absent for external users. */
  readonly senderStaffId?: string;
  readonly senderCorpId?: string;
  readonly isAdmin?: boolean;
  readonly chatbotUserId?: string;
  readonly chatbotCorpId?: string;
  readonly robotCode?: string;
  readonly atUsers?: readonly DingTalkAtUser[];
  readonly isInAtList?: boolean;
  readonly sessionWebhook: string;
  /** Epoch milliseconds. */
  readonly sessionWebhookExpiredTime: number;
  /** Epoch milliseconds. */
  readonly createAt: number;
  /** Present when msgtype is "text". */
  readonly text?: { readonly content: string };
  /** Present for every other msgtype; its shape depends on msgtype (richText, downloadCode, …). */
  readonly content?: Readonly<Record<string, unknown>>;
}

export type ParseResult =
  | { readonly ok: true; readonly message: InboundMessage; readonly raw: DingTalkCallback }
  | { readonly ok: false; readonly reason: string };

/**
 * Validates a callback body by hand and maps it to the platform-neutral InboundMessage. Unknown fields are
 * tolerated and dropped. Message types other than text and richText parse successfully with empty text, so
 * the dispatcher can answer with help instead of the user hearing nothing; audio is deliberately not turned
 * into a command from its speech recognition, because a misheard word must never become an action.
 */
export function parseCallbackBody(raw: Buffer | string): ParseResult {
  const parsed = parseJsonObject(raw);
  if (!parsed.ok) return parsed;
  const body = parsed.value;

  const required = readRequired(body);
  if (!required.ok) return { ok: false, reason: `invalid field: ${required.field}` };
  const tooLong = findOverlongField(body);
  if (tooLong !== undefined)
    return { ok: false, reason: `field too long: ${tooLong} (at most ${capOf(tooLong)} characters)` };

  const text = extractText(body);
  if (text === undefined) return { ok: false, reason: 'invalid field: text.content' };

  const callback = copyCallback(required.fields, body);
  const title = callback.conversationTitle;
  const message: InboundMessage = {
    platform: 'dingtalk',
    messageId: callback.msgId,
    text,
    sender: {
      id: callback.senderStaffId ?? '',
      ...readUnionId(body),
      name: callback.senderNick,
      isAdmin: callback.isAdmin === true,
    },
    conversation: {
      id: callback.conversationId,
      type: callback.conversationType === '2' ? 'group' : 'direct',
      ...(title !== undefined ? { title } : {}),
    },
    createdAt: callback.createAt,
    replyTo: { url: callback.sessionWebhook, expiresAt: callback.sessionWebhookExpiredTime },
  };
  return { ok: true, message, raw: callback };
}

/** senderUnionId when it is a plausible id (printable ASCII, ≤ 128); ChatIdentities may map it. */
function readUnionId(body: JsonObject): { unionId?: string } {
  const v = body['senderUnionId'];
  return typeof v === 'string' && /^[!-~]{1,128}$/.test(v) ? { unionId: v } : {};
}

type RequiredFields = Pick<
  DingTalkCallback,
  | 'msgId'
  | 'msgtype'
  | 'conversationId'
  | 'conversationType'
  | 'senderId'
  | 'senderNick'
  | 'sessionWebhook'
  | 'sessionWebhookExpiredTime'
  | 'createAt'
>;

/** The required fields, typed, or the name of the first one that is absent or of the wrong type. */
function readRequired(body: JsonObject): { ok: true; fields: RequiredFields } | { ok: false; field: string } {
  const { msgId, msgtype, conversationId, conversationType, senderId, senderNick } = body;
  const { sessionWebhook, sessionWebhookExpiredTime, createAt, senderStaffId } = body;
  if (!isNonEmptyString(msgId)) return { ok: false, field: 'msgId' };
  if (!isNonEmptyString(msgtype)) return { ok: false, field: 'msgtype' };
  if (!isNonEmptyString(conversationId)) return { ok: false, field: 'conversationId' };
  if (!isConversationType(conversationType)) return { ok: false, field: 'conversationType' };
  if (typeof senderId !== 'string') return { ok: false, field: 'senderId' };
  if (typeof senderNick !== 'string') return { ok: false, field: 'senderNick' };
  if (!isNonEmptyString(sessionWebhook)) return { ok: false, field: 'sessionWebhook' };
  if (!isEpochMs(sessionWebhookExpiredTime)) return { ok: false, field: 'sessionWebhookExpiredTime' };
  if (!isEpochMs(createAt)) return { ok: false, field: 'createAt' };
  // The user id decides permissions, so a present-but-odd value is an error rather than "no id".
  if (senderStaffId !== undefined && typeof senderStaffId !== 'string')
    return { ok: false, field: 'senderStaffId' };
  const fields = { msgId, msgtype, conversationId, conversationType, senderId, senderNick };
  return { ok: true, fields: { ...fields, sessionWebhook, sessionWebhookExpiredTime, createAt } };
}

/** The user's text, or undefined when a text message lacks its content. */
function extractText(body: JsonObject): string | undefined {
  if (body.msgtype === 'text') {
    const content = isRecord(body.text) ? body.text.content : undefined;
    return typeof content === 'string' ? normaliseTextContent(content) : undefined;
  }
  if (body.msgtype === 'richText') return joinRichText(richTextSegments(body.content));
  return '';
}

function richTextSegments(content: unknown): RichTextSegment[] {
  if (!isRecord(content) || !Array.isArray(content.richText)) return [];
  return content.richText.filter(isRecord).map((s) => (typeof s.text === 'string' ? { text: s.text } : {}));
}

/** A fresh object holding only the known, validated fields; the parsed input is never mutated or merged. */
function copyCallback(required: RequiredFields, body: JsonObject): DingTalkCallback {
  const optionalStrings = [
    'conversationTitle',
    'senderStaffId',
    'senderCorpId',
    'chatbotUserId',
    'chatbotCorpId',
    'robotCode',
  ] as const;
  const optional: Partial<Record<(typeof optionalStrings)[number], string>> = {};
  for (const key of optionalStrings) {
    const v = body[key];
    if (typeof v === 'string') optional[key] = v;
  }
  const atUsers = copyAtUsers(body.atUsers);
  const textContent =
    isRecord(body.text) && typeof body.text.content === 'string' ? body.text.content : undefined;
  return {
    ...required,
    ...optional,
    ...(typeof body.isAdmin === 'boolean' ? { isAdmin: body.isAdmin } : {}),
    ...(typeof body.isInAtList === 'boolean' ? { isInAtList: body.isInAtList } : {}),
    ...(atUsers !== undefined ? { atUsers } : {}),
    ...(textContent !== undefined ? { text: { content: textContent } } : {}),
    ...(isRecord(body.content) ? { content: body.content } : {}),
  };
}

function copyAtUsers(value: unknown): DingTalkAtUser[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.flatMap((u): DingTalkAtUser[] => {
    if (!isRecord(u) || typeof u.dingtalkId !== 'string') return [];
    return [
      typeof u.staffId === 'string'
        ? { dingtalkId: u.dingtalkId, staffId: u.staffId }
        : { dingtalkId: u.dingtalkId },
    ];
  });
}

function isConversationType(v: unknown): v is '1' | '2' {
  return v === '1' || v === '2';
}

function isNonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v !== '';
}

function isEpochMs(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}
