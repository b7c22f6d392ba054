// The OpenAPI double's three endpoints, each refusing what DingTalk refuses: accessToken (credentials), group send
// (robot in the group, flow control) and 1:1 batchSend (1–20 user ids, unknown and flow-controlled ones listed).
import { OPENAPI_ERROR } from './openapi-errors.ts';
import type { OpenApiServerOptions } from './openapi-server-types.ts';
import { openApiFailure as fail, randomHex, type OpenApiAnswer, type OpenApiState } from './openapi-state.ts';

export const OPENAPI_PATHS = {
  token: '/v1.0/oauth2/accessToken',
  group: '/v1.0/robot/groupMessages/send',
  users: '/v1.0/robot/oToMessages/batchSend',
} as const;

/** A robot message that passed judgeRobotMessage. */
export interface JudgedMessage {
  readonly msgKey: string;
  readonly param: Readonly<Record<string, unknown>>;
}

export function issueToken(
  state: OpenApiState,
  body: Record<string, unknown>,
  options: OpenApiServerOptions,
): OpenApiAnswer {
  if (body['appKey'] !== options.appKey || body['appSecret'] !== options.appSecret)
    return fail(400, OPENAPI_ERROR.badCredentials, 'appKey or appSecret is wrong');
  const token = randomHex(16);
  state.tokens.set(token, Date.now() + state.ttlSeconds * 1000);
  state.tokenCount++;
  return { status: 200, body: { accessToken: token, expireIn: state.ttlSeconds } };
}

export function sendToGroup(
  state: OpenApiState,
  body: Record<string, unknown>,
  { msgKey, param }: JudgedMessage,
): OpenApiAnswer {
  const conv = body['openConversationId'];
  if (typeof conv !== 'string' || !state.conversations.has(conv))
    return fail(400, OPENAPI_ERROR.robotNotInConversation, 'the robot is not in this conversation');
  if (state.throttle > 0) {
    state.throttle--;
    return fail(403, OPENAPI_ERROR.flowControl, 'flow control, try later');
  }
  state.delivered.push({ kind: 'group', to: conv, msgKey, param, at: Date.now() });
  return { status: 200, body: { processQueryKey: randomHex(8) } };
}

export function batchSendToUsers(
  state: OpenApiState,
  body: Record<string, unknown>,
  { msgKey, param }: JudgedMessage,
): OpenApiAnswer {
  const ids = body['userIds'];
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((u) => typeof u === 'string'))
    return fail(400, OPENAPI_ERROR.userIdsEmpty, 'userIds is empty');
  if (ids.length > 20) return fail(400, OPENAPI_ERROR.userIdsOverMax, 'at most 20 userIds');
  const invalid = ids.filter((u) => !state.users.has(u));
  let controlled: string[] = [];
  if (state.throttle > 0) {
    state.throttle--;
    controlled = ids.filter((u) => state.users.has(u));
  }
  for (const u of ids)
    if (state.users.has(u) && !controlled.includes(u))
      state.delivered.push({ kind: 'user', to: u, msgKey, param, at: Date.now() });
  return {
    status: 200,
    body: {
      processQueryKey: randomHex(8),
      invalidStaffIdList: invalid,
      flowControlledStaffIdList: controlled,
    },
  };
}
