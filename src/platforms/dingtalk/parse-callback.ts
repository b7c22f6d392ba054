// The DingTalk callback body (§1.2 of the protocol reference): its wire type, and validation into an InboundMessage.
import type { InboundMessage } from '../../dispatch/ports/chat.ts';
import { joinRichText, normaliseTextContent } from './extract-text.ts';
import { exceedsJsonDepth } from './json-depth.ts';
import type { RichTextSegment } from './extract-text.ts';

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

type JsonObject = Readonly<Record<string, unknown>>;

// Keys that could reach a prototype if anything downstream ever merged this object; refuse the whole body.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const utf8 = new TextDecoder('utf-8', { fatal: true });
/**
 * Real callbacks nest four levels (body → content → richText → segment). JSON.parse itself is iterative, but
 * its reviver recurses, and a 64 KiB body of brackets would overflow the stack; refusing early keeps that off.
 */
const MAX_JSON_DEPTH = 32;

/**
 * Longest value accepted per string field (UTF-16 code units); longer → 400 naming the field. Ids in real
 * payloads (protocol reference §1.2–1.3) are 16–45 characters — msgId `msgRJX2OofHcT+WqWiGaijkXw==` 28,
 * senderId/chatbotUserId `$:LWCP_v1:$…` up to 43, corp ids `ding` + 32 hex = 36, robotCode 20, staff ids 16 — so
 * 128 leaves about three times the longest seen. The sessionWebhook seen is ~90 characters; names are display
 * text, so they get room for long titles without letting a field carry kilobytes into logs, Events and replies.
 */
export const FIELD_CAPS = {
  msgId: 128,
  msgtype: 64,
  conversationId: 128,
  conversationTitle: 256,
  senderId: 128,
  senderNick: 128,
  senderStaffId: 128,
  senderCorpId: 128,
  chatbotUserId: 128,
  chatbotCorpId: 128,
  robotCode: 128,
  sessionWebhook: 1024,
  'atUsers[].dingtalkId': 128,
  'atUsers[].staffId': 128,
} as const;

/**
 * Validates a callback body by hand and maps it to the platform-neutral InboundMessage. Unknown fields are
 * tolerated and dropped. Message types other than text and richText parse successfully with empty text, so
 * the dispatcher can answer with help instead of the user hearing nothing; audio is deliberately not turned
 * into a command from its speech recognition, because a misheard word must never become an action.
 */
export function parseCallbackBody(raw: Buffer | string): ParseResult {
  const parsed = parseJson(raw);
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

function parseJson(raw: Buffer | string): { ok: true; value: JsonObject } | { ok: false; reason: string } {
  let source: string;
  try {
    source = typeof raw === 'string' ? raw : utf8.decode(raw);
  } catch {
    return { ok: false, reason: 'body is not valid UTF-8' };
  }
  if (exceedsJsonDepth(source, MAX_JSON_DEPTH)) return { ok: false, reason: 'body is nested too deeply' };
  let forbidden = false;
  let value: unknown;
  // The reviver costs a callback per value; a forbidden key can only appear if the text spells part of it or
  // hides it behind a \u escape, so plain bodies take the fast path.
  const suspicious = source.includes('proto') || source.includes('constructor') || source.includes('\\u');
  try {
    value = suspicious
      ? JSON.parse(source, (key, v: unknown) => {
          if (FORBIDDEN_KEYS.has(key)) forbidden = true;
          return v;
        })
      : (JSON.parse(source) as unknown);
  } catch {
    return { ok: false, reason: 'body is not valid JSON' };
  }
  if (forbidden) return { ok: false, reason: 'body contains a forbidden key' };
  if (!isObject(value)) return { ok: false, reason: 'body is not a JSON object' };
  return { ok: true, value };
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

type CappedField = keyof typeof FIELD_CAPS;

function capOf(field: string): number {
  const key = field.replace(/\[\d+\]/, '[]') as CappedField;
  return FIELD_CAPS[key];
}

/** The first string field (or atUsers entry id) over its cap, named as the client sent it, e.g. `atUsers[3].staffId`. */
function findOverlongField(body: JsonObject): string | undefined {
  for (const [field, cap] of Object.entries(FIELD_CAPS)) {
    if (field.startsWith('atUsers')) continue;
    const v = body[field];
    if (typeof v === 'string' && v.length > cap) return field;
  }
  if (!Array.isArray(body.atUsers)) return undefined;
  for (const [i, u] of body.atUsers.entries()) {
    if (!isObject(u)) continue;
    for (const key of ['dingtalkId', 'staffId'] as const) {
      const v = u[key];
      if (typeof v === 'string' && v.length > FIELD_CAPS[`atUsers[].${key}`]) return `atUsers[${i}].${key}`;
    }
  }
  return undefined;
}

/** The user's text, or undefined when a text message lacks its content. */
function extractText(body: JsonObject): string | undefined {
  if (body.msgtype === 'text') {
    const content = isObject(body.text) ? body.text.content : undefined;
    return typeof content === 'string' ? normaliseTextContent(content) : undefined;
  }
  if (body.msgtype === 'richText') return joinRichText(richTextSegments(body.content));
  return '';
}

function richTextSegments(content: unknown): RichTextSegment[] {
  if (!isObject(content) || !Array.isArray(content.richText)) return [];
  return content.richText.filter(isObject).map((s) => (typeof s.text === 'string' ? { text: s.text } : {}));
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
    isObject(body.text) && typeof body.text.content === 'string' ? body.text.content : undefined;
  return {
    ...required,
    ...optional,
    ...(typeof body.isAdmin === 'boolean' ? { isAdmin: body.isAdmin } : {}),
    ...(typeof body.isInAtList === 'boolean' ? { isInAtList: body.isInAtList } : {}),
    ...(atUsers !== undefined ? { atUsers } : {}),
    ...(textContent !== undefined ? { text: { content: textContent } } : {}),
    ...(isObject(body.content) ? { content: body.content } : {}),
  };
}

function copyAtUsers(value: unknown): DingTalkAtUser[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.flatMap((u): DingTalkAtUser[] => {
    if (!isObject(u) || typeof u.dingtalkId !== 'string') return [];
    return [
      typeof u.staffId === 'string'
        ? { dingtalkId: u.dingtalkId, staffId: u.staffId }
        : { dingtalkId: u.dingtalkId },
    ];
  });
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
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
