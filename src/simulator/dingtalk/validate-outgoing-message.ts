// The double's rules for a sessionWebhook message body (§2.2), and the errcodes it answers when they are broken.

/**
 * Errcodes of the double. 0, 130101, 300001 and 460101 (with their errmsg) are DingTalk's observed values.
 * For malformed bodies DingTalk's exact answers are unknown, so the double picks plausible ones:
 * 400105 for an unsupported or missing msgtype (from DingTalk's newer custom-robot table, unconfirmed), and
 * 40035 ("invalid parameter", DingTalk's generic OpenAPI code) for everything else; the errmsg says what was wrong.
 */
export const WEBHOOK_ERRCODE = {
  ok: 0,
  invalidParameter: 40035,
  sendTooFast: 130101,
  sessionNotFound: 300001,
  unsupportedMsgtype: 400105,
  messageTooLong: 460101,
} as const;

export const WEBHOOK_ERRMSG = {
  ok: 'ok',
  sendTooFast: 'send too fast, exceed 20 times per minute',
  sessionNotFound: 'session 不存在',
  messageTooLong: 'message too long, exceed 20000 bytes',
} as const;

/** Message types a robot can send through a sessionWebhook; images, files, audio and video are OpenAPI-only. */
export const WEBHOOK_MSGTYPES = ['text', 'markdown', 'actionCard', 'link', 'feedCard'] as const;

export type OutgoingMessageBody = Readonly<Record<string, unknown>>;

export type OutgoingValidation =
  | {
      readonly ok: true;
      readonly body: OutgoingMessageBody;
      readonly msgtype: string;
      /** text.content or markdown.text (or actionCard/link text); '' for feedCard. */
      readonly text: string;
      readonly atUserIds: readonly string[];
    }
  | { readonly ok: false; readonly errcode: number; readonly errmsg: string };

type Obj = Readonly<Record<string, unknown>>;

export function validateOutgoingMessage(json: string): OutgoingValidation {
  let body: unknown;
  try {
    body = JSON.parse(json);
  } catch {
    return invalid('body is not valid JSON');
  }
  if (!isObject(body)) return invalid('body is not a JSON object');
  const msgtype = body.msgtype;
  if (typeof msgtype !== 'string' || !(WEBHOOK_MSGTYPES as readonly string[]).includes(msgtype)) {
    return {
      ok: false,
      errcode: WEBHOOK_ERRCODE.unsupportedMsgtype,
      errmsg: `不支持的消息类型 (unsupported msgtype: ${String(msgtype)})`,
    };
  }
  const text = readText(msgtype, body);
  if (typeof text !== 'string') return invalid(text.problem);
  const at = readAt(body.at);
  if (!Array.isArray(at)) return invalid(at.problem);
  return { ok: true, body, msgtype, text, atUserIds: at };
}

function readText(msgtype: string, body: Obj): string | { problem: string } {
  const part = body[msgtype];
  if (!isObject(part)) return { problem: `${msgtype} must be an object` };
  switch (msgtype) {
    case 'text':
      return nonEmpty(part.content) ? part.content : { problem: 'text.content must be a non-empty string' };
    case 'markdown':
      if (!nonEmpty(part.title)) return { problem: 'markdown.title must be a non-empty string' };
      return nonEmpty(part.text) ? part.text : { problem: 'markdown.text must be a non-empty string' };
    case 'actionCard': {
      if (!nonEmpty(part.title) || !nonEmpty(part.text))
        return { problem: 'actionCard.title and text are required' };
      const single = nonEmpty(part.singleTitle) && nonEmpty(part.singleURL);
      const buttons =
        Array.isArray(part.btns) &&
        part.btns.length > 0 &&
        part.btns.every((b) => isObject(b) && nonEmpty(b.title) && nonEmpty(b.actionURL));
      return single || buttons ? part.text : { problem: 'actionCard needs singleTitle+singleURL or btns' };
    }
    case 'link':
      if (!nonEmpty(part.title) || !nonEmpty(part.messageUrl))
        return { problem: 'link.title and messageUrl are required' };
      return nonEmpty(part.text) ? part.text : { problem: 'link.text must be a non-empty string' };
    default: {
      const links = part.links;
      const ok =
        Array.isArray(links) &&
        links.length > 0 &&
        links.every(
          (l) => isObject(l) && nonEmpty(l.title) && nonEmpty(l.messageURL) && typeof l.picURL === 'string',
        );
      return ok ? '' : { problem: 'feedCard.links must be a non-empty array of {title, messageURL, picURL}' };
    }
  }
}

/** atUserIds from an optional `at` object, which must be well-formed when present. */
function readAt(at: unknown): string[] | { problem: string } {
  if (at === undefined) return [];
  if (!isObject(at)) return { problem: 'at must be an object' };
  for (const key of ['atUserIds', 'atMobiles'] as const) {
    const v = at[key];
    if (v !== undefined && !isStringArray(v)) {
      return { problem: `at.${key} must be an array of strings` };
    }
  }
  if (at.isAtAll !== undefined && typeof at.isAtAll !== 'boolean')
    return { problem: 'at.isAtAll must be a boolean' };
  return isStringArray(at.atUserIds) ? [...at.atUserIds] : [];
}

function invalid(problem: string): OutgoingValidation {
  return {
    ok: false,
    errcode: WEBHOOK_ERRCODE.invalidParameter,
    errmsg: `不合法的参数 (invalid parameter: ${problem})`,
  };
}

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStringArray(v: unknown): v is readonly string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function nonEmpty(v: unknown): v is string {
  return typeof v === 'string' && v !== '';
}
