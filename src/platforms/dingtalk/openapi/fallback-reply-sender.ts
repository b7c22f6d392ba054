// Replies through the OpenAPI when the sessionWebhook has expired or is about to: same conversation, same mention.
import { silentLogger, type Logger } from '../../../log/logger.ts';
import type { ConversationSender } from '../../../dispatch/ports/conversation-sender.ts';
import type {
  DeliveryResult,
  OutboundReply,
  ReplySender,
  ReplyTarget,
} from '../../../dispatch/ports/chat.ts';

export interface FallbackOptions {
  /** A webhook expiring within this is not used (a long queue or retries would outlive it). */
  readonly marginMs: number;
  readonly now?: () => number;
  readonly logger?: Logger;
}

/**
 * Wraps the webhook sender. The OpenAPI path needs the conversation (ReplyTarget.conversation); without it the
 * webhook sender alone decides. A webhook refused as expired, or answered "session not found", falls back too.
 */
export function withOpenApiFallback(
  webhook: ReplySender,
  openapi: ConversationSender,
  opts: FallbackOptions,
): ReplySender {
  const now = opts.now ?? Date.now;
  const log = opts.logger ?? silentLogger;
  const viaOpenApi = (target: ReplyTarget, reply: OutboundReply, why: string): Promise<DeliveryResult> => {
    const conv = target.conversation;
    if (!conv) return Promise.resolve({ ok: false, attempts: 0, reason: 'refused: expired' });
    log.info('reply sent through the OpenAPI', { why, conversation: conv.id, type: conv.type });
    if (conv.type === 'group') return openapi.sendToConversation(conv.id, reply);
    const user = conv.userId ?? reply.mentionUserIds[0] ?? '';
    return openapi.sendToUsers([user], reply);
  };
  return {
    async send(target, reply) {
      if (target.conversation && target.expiresAt - now() <= opts.marginMs)
        return viaOpenApi(
          target,
          reply,
          target.expiresAt <= now() ? 'webhook expired' : 'webhook about to expire',
        );
      const result = await webhook.send(target, reply);
      if (result.ok || !target.conversation) return result;
      if (/expired|session/.test(result.reason)) return viaOpenApi(target, reply, result.reason);
      return result;
    },
  };
}
