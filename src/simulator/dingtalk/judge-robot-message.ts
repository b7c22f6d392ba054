// What DingTalk's robot send APIs answer about the message itself: the robot code, the message template
// (msgKey) and its parameters (msgParam, a JSON string within 15,000 bytes carrying the template's fields).
import { OPENAPI_ERROR } from './openapi-errors.ts';

const MAX_MSG_PARAM_BYTES = 15_000;

const MSG_KEYS: Readonly<Record<string, readonly string[]>> = {
  sampleText: ['content'],
  sampleMarkdown: ['title', 'text'],
  sampleImageMsg: ['photoURL'],
  sampleLink: ['text', 'title', 'picUrl', 'messageUrl'],
  sampleActionCard: ['title', 'text', 'singleTitle', 'singleURL'],
};

export type RobotMessageJudgement =
  | { readonly msgKey: string; readonly param: Record<string, unknown> }
  | { readonly code: string; readonly message: string };

export function judgeRobotMessage(
  body: Record<string, unknown>,
  expectedRobotCode: string,
): RobotMessageJudgement {
  const robotCode = body['robotCode'];
  if (typeof robotCode !== 'string' || robotCode === '')
    return { code: OPENAPI_ERROR.robotCodeEmpty, message: 'robotCode is empty' };
  if (robotCode !== expectedRobotCode)
    return { code: OPENAPI_ERROR.robotCodeAuth, message: 'robotCode does not belong to this app' };
  const msgKey = body['msgKey'];
  const fields = typeof msgKey === 'string' ? MSG_KEYS[msgKey] : undefined;
  if (typeof msgKey !== 'string' || fields === undefined)
    return { code: OPENAPI_ERROR.msgKeyInvalid, message: 'msgKey is invalid' };
  const msgParam = body['msgParam'];
  if (typeof msgParam !== 'string')
    return { code: OPENAPI_ERROR.msgParamInvalid, message: 'msgParam must be a JSON string' };
  if (Buffer.byteLength(msgParam, 'utf8') > MAX_MSG_PARAM_BYTES)
    return { code: OPENAPI_ERROR.msgParamTooLong, message: 'msgParam is too long' };
  let param: Record<string, unknown>;
  try {
    param = JSON.parse(msgParam) as Record<string, unknown>;
    if (typeof param !== 'object' || param === null || Array.isArray(param)) throw new Error('not an object');
  } catch {
    return { code: OPENAPI_ERROR.msgParamInvalid, message: 'msgParam is not JSON' };
  }
  if (!fields.every((f) => typeof param[f] === 'string'))
    return {
      code: OPENAPI_ERROR.msgParamInvalid,
      message: `msgParam of ${msgKey} needs ${fields.join(', ')}`,
    };
  return { msgKey, param };
}
