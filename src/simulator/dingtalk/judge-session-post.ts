// What DingTalk answers to one POST on a sessionWebhook, in its order: session, size, rate, media type, body.
import { validateOutgoingMessage, WEBHOOK_ERRCODE, WEBHOOK_ERRMSG } from './validate-outgoing-message.ts';
import type { RecordedMessage } from './webhook-server.ts';

export interface SessionState {
  expiresAt: number;
  /** Accept times inside the rate window, oldest first. */
  readonly sent: number[];
}

export interface SessionPost {
  readonly session: string;
  readonly raw: Buffer;
  readonly total: number;
  readonly contentType: string | undefined;
}

export interface SessionLimits {
  readonly maxBodyBytes: number;
  readonly rateLimit: { readonly limit: number; readonly windowMs: number } | false;
}

export interface Judgement {
  readonly reply: { errcode: number; errmsg: string };
  /** Set when accepted: what the conversation now shows. */
  readonly message?: RecordedMessage;
}

const refuse = (errcode: number, errmsg: string): Judgement => ({ reply: { errcode, errmsg } });

export function judgeSessionPost(
  state: SessionState | undefined,
  post: SessionPost,
  limits: SessionLimits,
  t: number,
): Judgement {
  if (state === undefined || t >= state.expiresAt)
    return refuse(WEBHOOK_ERRCODE.sessionNotFound, WEBHOOK_ERRMSG.sessionNotFound);
  if (post.total > limits.maxBodyBytes)
    return refuse(WEBHOOK_ERRCODE.messageTooLong, WEBHOOK_ERRMSG.messageTooLong);
  const { rateLimit } = limits;
  if (rateLimit !== false) {
    while (state.sent[0] !== undefined && state.sent[0] <= t - rateLimit.windowMs) state.sent.shift();
    if (state.sent.length >= rateLimit.limit)
      return refuse(WEBHOOK_ERRCODE.sendTooFast, WEBHOOK_ERRMSG.sendTooFast);
  }
  if (!/^application\/json\b/i.test(post.contentType ?? ''))
    return refuse(WEBHOOK_ERRCODE.invalidParameter, '不合法的参数 (Content-Type must be application/json)');
  const check = validateOutgoingMessage(post.raw.toString('utf8'));
  if (!check.ok) return refuse(check.errcode, check.errmsg);
  state.sent.push(t);
  return {
    reply: { errcode: WEBHOOK_ERRCODE.ok, errmsg: WEBHOOK_ERRMSG.ok },
    message: {
      session: post.session,
      body: check.body,
      msgtype: check.msgtype,
      text: check.text,
      atUserIds: check.atUserIds,
      unrenderedMentions: check.atUserIds.filter((id) => !check.text.includes(`@${id}`)),
      bytes: post.total,
      receivedAt: t,
    },
  };
}
