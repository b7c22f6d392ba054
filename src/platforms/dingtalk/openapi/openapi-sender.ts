// Sends robot messages through the DingTalk OpenAPI (§5): group send and 1:1 batchSend with a cached token.
import { setTimeout as defaultSleep } from 'node:timers/promises';
import { silentLogger, type Logger } from '../../../log/logger.ts';
import type { ConversationSender } from '../../../dispatch/ports/conversation-sender.ts';
import type { DeliveryResult, OutboundReply } from '../../../dispatch/ports/chat.ts';
import type { ApiUrlPolicy } from '../check-api-url.ts';
import { renderReply } from '../render-reply.ts';
import { createOpenApiClient } from './openapi-client.ts';
import { sendUserBatch } from './send-user-batch.ts';

/** DingTalk refuses a group message whose msgParam exceeds 15,000 bytes. */
export const MAX_MSG_PARAM_BYTES = 15_000;
/** batchSend takes at most 20 userIds per call. */
export const MAX_USERS_PER_BATCH = 20;

export type OpenApiSendKind = 'group' | 'user';
export type OpenApiSendResult = 'ok' | 'retried' | 'failed' | 'refused';

export interface OpenApiSenderOptions {
  readonly baseUrl: string;
  readonly appKey: string;
  readonly appSecret: string;
  readonly robotCode: string;
  readonly policy: ApiUrlPolicy;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<unknown>;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly logger?: Logger;
  readonly timeoutMs?: number;
  /** Attempts per send, the first included (default 4). */
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly onResult?: (kind: OpenApiSendKind, result: OpenApiSendResult) => void;
  readonly onTokenRefresh?: (result: 'ok' | 'failed') => void;
}

/** Renders an OutboundReply as `sampleMarkdown` params (mentions kept in the text, as in a webhook reply). */
export function toMarkdownParam(reply: OutboundReply): string {
  const body = renderReply(reply, { maxBodyBytes: MAX_MSG_PARAM_BYTES });
  return JSON.stringify({ title: body.markdown.title, text: body.markdown.text });
}

export function createOpenApiSender(opts: OpenApiSenderOptions): ConversationSender {
  const sleep = opts.sleep ?? ((ms: number) => defaultSleep(ms));
  const log = opts.logger ?? silentLogger;
  const maxAttempts = opts.maxAttempts ?? 4;
  const backoff = {
    baseMs: opts.baseDelayMs ?? 500,
    maxMs: opts.maxDelayMs ?? 8_000,
    ...(opts.random !== undefined ? { random: opts.random } : {}),
  };
  const client = createOpenApiClient(opts);
  const call: typeof client.call = (path, body) => client.call(path, body);

  const finish = (kind: OpenApiSendKind, attempts: number, reason?: string): DeliveryResult => {
    const result: OpenApiSendResult = reason !== undefined ? 'failed' : attempts > 1 ? 'retried' : 'ok';
    opts.onResult?.(kind, result);
    if (reason !== undefined) log.warn('dingtalk OpenAPI send failed', { kind, attempts, reason });
    else log.debug('dingtalk OpenAPI send delivered', { kind, attempts });
    return reason === undefined ? { ok: true, attempts } : { ok: false, attempts, reason };
  };

  const refuse = (kind: OpenApiSendKind, reason: string): DeliveryResult => {
    opts.onResult?.(kind, 'refused');
    log.warn('dingtalk OpenAPI send refused', { kind, reason });
    return { ok: false, attempts: 0, reason };
  };

  return {
    async sendToConversation(conversationId, message) {
      if (conversationId === '') return refuse('group', 'no conversation id');
      let msgParam: string;
      try {
        msgParam = toMarkdownParam(message);
      } catch {
        return refuse('group', 'message cannot be rendered within the size limit');
      }
      const { outcome, attempts } = await call('/v1.0/robot/groupMessages/send', {
        robotCode: opts.robotCode,
        openConversationId: conversationId,
        msgKey: 'sampleMarkdown',
        msgParam,
      });
      return finish('group', attempts, outcome.kind === 'ok' ? undefined : outcome.reason);
    },
    async sendToUsers(userIds, message) {
      const ids = [...new Set(userIds.filter((id) => id !== ''))];
      if (ids.length === 0) return refuse('user', 'no user ids');
      let msgParam: string;
      try {
        msgParam = toMarkdownParam(message);
      } catch {
        return refuse('user', 'message cannot be rendered within the size limit');
      }
      let total = 0;
      const failures: string[] = [];
      const batch = { robotCode: opts.robotCode, msgParam, maxAttempts, backoff, sleep };
      for (let i = 0; i < ids.length; i += MAX_USERS_PER_BATCH) {
        const sent = await sendUserBatch(call, ids.slice(i, i + MAX_USERS_PER_BATCH), batch);
        total += sent.attempts;
        failures.push(...sent.failures);
      }
      return finish('user', Math.max(1, total), failures.length > 0 ? failures.join('; ') : undefined);
    },
  };
}
