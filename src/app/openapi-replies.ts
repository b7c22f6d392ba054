// Builds the reply path: the sessionWebhook sender, wrapped with the OpenAPI fallback when a Client ID is configured.
// The OpenAPI parts are loaded only then (a chunk of their own in the bundle).
import type { Config } from '../config/schema.ts';
import type { Logger } from '../log/logger.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { ConversationSender } from '../dispatch/ports/conversation-sender.ts';
import type { ReplySender } from '../dispatch/ports/chat.ts';

/** The OpenAPI sender of this configuration, or undefined without a Client ID (the port later issues use). */
export async function createConversationSender(
  config: Config,
  metrics: Metrics,
  log: Logger,
): Promise<ConversationSender | undefined> {
  const d = config.dingtalk;
  if (d.clientId === '') return undefined;
  const { createOpenApiSender } = await import('../platforms/dingtalk/openapi/openapi-sender.ts');
  return createOpenApiSender({
    baseUrl: d.openApiUrl,
    appKey: d.clientId,
    appSecret: d.appSecrets[0] ?? '',
    robotCode: d.robotCode,
    policy: { allowedHosts: d.apiAllowedHosts, allowInsecure: d.apiAllowInsecure },
    logger: log.child({ component: 'openapi' }),
    onResult: (kind, result) => metrics.openapiSends.inc({ kind, result }),
    onTokenRefresh: (result) => metrics.openapiTokenRefreshes.inc({ result }),
  });
}

/** The sessionWebhook sender, falling back to the (one, shared) OpenAPI sender once a reply window has closed. */
export async function createRepliesWithFallback(
  config: Config,
  webhook: ReplySender,
  openapi: ConversationSender | undefined,
  log: Logger,
): Promise<ReplySender> {
  if (!openapi) return webhook;
  const { withOpenApiFallback } = await import('../platforms/dingtalk/openapi/fallback-reply-sender.ts');
  return withOpenApiFallback(webhook, openapi, {
    marginMs: config.dingtalk.replyFallbackMs,
    logger: log.child({ component: 'replies' }),
  });
}
