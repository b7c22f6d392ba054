// How long each string field of a callback may be: ids get about three times the longest seen, display text a
// little more; a longer field is refused with its name.
import type { JsonObject } from './parse-json-object.ts';
import { isRecord } from '../../lib/is-record.ts';

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

type CappedField = keyof typeof FIELD_CAPS;

export function capOf(field: string): number {
  const key = field.replace(/\[\d+\]/, '[]') as CappedField;
  return FIELD_CAPS[key];
}

/** The first string field (or atUsers entry id) over its cap, named as the client sent it, e.g. `atUsers[3].staffId`. */
export function findOverlongField(body: JsonObject): string | undefined {
  for (const [field, cap] of Object.entries(FIELD_CAPS)) {
    if (field.startsWith('atUsers')) continue;
    const v = body[field];
    if (typeof v === 'string' && v.length > cap) return field;
  }
  if (!Array.isArray(body.atUsers)) return undefined;
  for (const [i, u] of body.atUsers.entries()) {
    if (!isRecord(u)) continue;
    for (const key of ['dingtalkId', 'staffId'] as const) {
      const v = u[key];
      if (typeof v === 'string' && v.length > FIELD_CAPS[`atUsers[].${key}`]) return `atUsers[${i}].${key}`;
    }
  }
  return undefined;
}
