// The DingTalk double as a library: build and sign callbacks like DingTalk, and stand in for its sessionWebhook.
export { createCallbackBuilder, SESSION_WEBHOOK_LIFETIME_MS } from './callback-builder.ts';
export type {
  BotIdentity,
  CallbackAtUser,
  CallbackBuilder,
  CallbackBuilderOptions,
  CallbackSpec,
  DingTalkCallbackBody,
  MessageSpec,
  RichTextPart,
  SenderSpec,
} from './callback-builder.ts';
export { CALLBACK_WINDOW_MS, sendCallback, signCallback, uniqueTimestamp } from './callback-client.ts';
export type { CallbackHeaderName, CallbackResponse, SendCallbackOptions } from './callback-client.ts';
export {
  validateOutgoingMessage,
  WEBHOOK_ERRCODE,
  WEBHOOK_ERRMSG,
  WEBHOOK_MSGTYPES,
} from './validate-outgoing-message.ts';
export type { OutgoingMessageBody, OutgoingValidation } from './validate-outgoing-message.ts';
export type { WebhookFault } from './webhook-faults.ts';
export { startDingTalkWebhookServer, WEBHOOK_MAX_BODY_BYTES, WEBHOOK_PATH } from './webhook-server.ts';
export type {
  CreateSessionOptions,
  DingTalkWebhookServer,
  RecordedMessage,
  RecordedRequest,
  WebhookServerOptions,
} from './webhook-server.ts';
// Stream gateway and OpenAPI doubles (issue 12).
export { startStreamGateway, STREAM_CONNECT_PATH } from './stream-gateway.ts';
export { ROBOT_TOPIC, STREAM_OPEN_PATH } from './judge-open-request.ts';
export type {
  PushedFrame,
  RecordedAck,
  RecordedOpen,
  StreamGateway,
  StreamGatewayOptions,
} from './stream-gateway-types.ts';
export { startOpenApiServer } from './openapi-server.ts';
export { OPENAPI_ERROR } from './openapi-errors.ts';
export type { OpenApiCall, OpenApiDelivery, OpenApiServer, OpenApiServerOptions } from './openapi-server.ts';
// Custom group robots (issue 13).
export { startCustomRobotServer } from './custom-robot-server.ts';
export { ROBOT_ERRCODE } from './custom-robot-types.ts';
export type {
  CustomRobotServer,
  CustomRobotServerOptions,
  RobotAnswer,
  RobotMessage,
  RobotSpec,
} from './custom-robot-types.ts';
