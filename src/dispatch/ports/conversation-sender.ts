// The port for messages kubetalk starts itself (follow-ups past a reply window, alerts, approvals): to a
// conversation or to people, by platform ids. Platform-neutral; DingTalk implements it with its OpenAPI.
import type { DeliveryResult, OutboundReply } from './chat.ts';

export interface ConversationSender {
  /** Posts into a group conversation the robot belongs to. */
  sendToConversation(conversationId: string, message: OutboundReply): Promise<DeliveryResult>;
  /** Posts a one-to-one message to each user (organisation user ids). */
  sendToUsers(userIds: readonly string[], message: OutboundReply): Promise<DeliveryResult>;
}
