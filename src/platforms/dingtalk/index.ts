// The DingTalk platform's public API: verify and parse callbacks, check reply targets, render and send replies.
export {
  acceptCallback,
  checkCallbackHeaders,
  DEFAULT_MAX_CALLBACK_BYTES,
  UNAUTHORIZED_REASONS,
  unauthorized,
} from './accept-callback.ts';
export type {
  AcceptCallbackOptions,
  AcceptCallbackResult,
  CallbackHeaders,
  CallbackRequest,
  GateRejection,
  HeaderCheck,
  HeaderValue,
  RobotIdentity,
  UnauthorizedReason,
} from './accept-callback.ts';
export { checkReplyTarget, DEFAULT_REPLY_HOSTS } from './check-reply-target.ts';
export type { ReplyTargetCheck, ReplyTargetFailure, ReplyTargetPolicy } from './check-reply-target.ts';
export { DINGTALK_ERRCODE } from './classify-response.ts';
export { parseCallbackBody } from './parse-callback.ts';
export type { DingTalkAtUser, DingTalkCallback, ParseResult } from './parse-callback.ts';
export { MAX_DINGTALK_BODY_BYTES, measureBodyBytes, renderReply, TRUNCATION_NOTE } from './render-reply.ts';
export type { DingTalkMarkdownMessage, RenderOptions } from './render-reply.ts';
export { createDingTalkReplySender } from './reply-client.ts';
export type { DingTalkReplySenderOptions, ReplyResultDetail, ReplyResultKind } from './reply-options.ts';
export { hashReplyTarget } from './target-id.ts';
export {
  computeSign,
  DEFAULT_SIGNATURE_WINDOW_MS,
  MAX_SIGNATURE_WINDOW_MS,
  verifySignature,
} from './verify-signature.ts';
export type { SignatureCheck, SignatureFailure, SignatureHeaders } from './verify-signature.ts';
