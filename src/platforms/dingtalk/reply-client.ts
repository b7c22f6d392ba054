// Delivers replies to DingTalk sessionWebhooks: target check, rate limit, retries, and a single re-render when too long.
import { describeError } from '../../errors.ts';
import { silentLogger } from '../../log/logger.ts';
import type { ReplySender } from '../../dispatch/ports/chat.ts';
import { checkReplyTarget, DEFAULT_REPLY_HOSTS } from './check-reply-target.ts';
import { deliverReply, type DeliveryContext } from './deliver-reply.ts';
import { postJson } from './post-json.ts';
import type { DingTalkReplySenderOptions, ReplyResultDetail, ReplyResultKind } from './reply-options.ts';
import { createRollingWindowLimiter } from './rolling-window-limiter.ts';
import { createKeyedSerializer } from './serialize-by-key.ts';
import { hashReplyTarget } from './target-id.ts';

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A ReplySender for DingTalk. Replies to one webhook go out one at a time and in order, so a conversation
 * reads in the order kubetalk wrote it; each attempt takes a slot from the per-webhook rate limiter.
 * A retry after a timeout can post the message twice if DingTalk had accepted it; sessionWebhook offers no
 * idempotency key, so that is accepted as the lesser evil compared with losing replies.
 */
export function createDingTalkReplySender(options: DingTalkReplySenderOptions = {}): ReplySender {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const logger = options.logger ?? silentLogger;
  const policy = {
    allowedHosts: options.allowedHosts ?? DEFAULT_REPLY_HOSTS,
    allowInsecureHttp: options.allowInsecureHttp ?? false,
    now,
  };
  const limiter = createRollingWindowLimiter({
    ...(options.rateLimit ?? { limit: 20, windowMs: 60_000 }),
    now,
    sleep,
  });
  const serializer = createKeyedSerializer();
  const maxQueued = options.maxQueuedPerTarget ?? 100;
  /** Replies waiting or in flight per webhook: bounded, so a flood of messages cannot grow memory without end. */
  const queued = new Map<string, number>();

  const report = (result: ReplyResultKind, detail: ReplyResultDetail): void => {
    const fields = { ...detail, result };
    if (result === 'ok' || result === 'retried') logger.debug('dingtalk reply delivered', fields);
    else logger.warn(`dingtalk reply ${result}`, fields);
    try {
      options.onResult?.(result, detail);
    } catch (err) {
      logger.error('dingtalk reply onResult hook threw', { error: describeError(err) });
    }
  };

  const ctx: DeliveryContext = {
    fetch: options.fetch ?? postJson,
    now,
    sleep,
    logger,
    timeoutMs: options.timeoutMs ?? 5_000,
    maxAttempts: options.maxAttempts ?? 5,
    maxTotalMs: options.maxTotalMs ?? 30_000,
    backoff: {
      baseMs: options.baseDelayMs ?? 500,
      maxMs: options.maxDelayMs ?? 8_000,
      ...(options.random !== undefined ? { random: options.random } : {}),
    },
    policy,
    acquireSlot: (targetId) => limiter.acquire(targetId),
    report,
  };

  return {
    send(target, reply) {
      const targetId = hashReplyTarget(target.url);
      const check = checkReplyTarget(target.url, target.expiresAt, policy);
      if (!check.ok) {
        const reason = `refused: ${check.reason}`;
        report('refused', { targetId, attempts: 0, reason, durationMs: 0 });
        return Promise.resolve({ ok: false, attempts: 0, reason });
      }
      const waiting = queued.get(targetId) ?? 0;
      if (waiting >= maxQueued) {
        const reason = `queue full: ${waiting} replies already waiting for this conversation`;
        report('failed', { targetId, attempts: 0, reason, durationMs: 0 });
        return Promise.resolve({ ok: false, attempts: 0, reason });
      }
      queued.set(targetId, waiting + 1);
      return serializer.run(targetId, async () => {
        try {
          return await deliverReply(ctx, target, reply, targetId);
        } catch (err) {
          // Only an injected fetch/sleep/clock can throw here; a ReplySender answers, it does not throw.
          logger.error('dingtalk reply crashed', { targetId, error: describeError(err) });
          return { ok: false, attempts: 0, reason: 'internal error' };
        } finally {
          const left = (queued.get(targetId) ?? 1) - 1;
          if (left <= 0) queued.delete(targetId);
          else queued.set(targetId, left);
        }
      });
    },
  };
}
