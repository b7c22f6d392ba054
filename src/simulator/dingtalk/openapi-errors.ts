// The error codes the OpenAPI double answers with (DingTalk's own where known; see the protocol reference).

/** Error codes answered (HTTP 400/403 with {code, message, requestid}). Names marked ≈ are not confirmed by DingTalk docs. */
export const OPENAPI_ERROR = {
  badToken: 'InvalidAuthentication',
  badCredentials: 'invalidClientIdOrSecret', // ≈
  robotCodeEmpty: 'invalidParameter.robotCode.empty',
  robotCodeAuth: 'invalidParameter.robotCode.auth',
  msgKeyInvalid: 'invalidParameter.msgKey.invalid',
  msgParamInvalid: 'invalidParameter.msgParam.invalid',
  msgParamTooLong: 'invalidParameter.msgParam.length', // ≈
  userIdsEmpty: 'invalidParameter.userIds.empty',
  userIdsOverMax: 'invalidParameter.userIds.overMax',
  robotNotInConversation: 'resource.robot.notInConversation', // ≈
  flowControl: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', // ≈
} as const;
