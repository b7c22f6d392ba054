// Delivers replies to DingTalk sessionWebhooks: target check, rate limit, retries, and a single re-render when too long.
import { describeError } from '../../errors.ts';
import { silentLogger } from '../../log/logger.ts';
import type { Logger } from '../../log/logger.ts';
import type { DeliveryResult, OutboundReply, ReplySender, ReplyTarget } from '../../dispatch/ports/chat.ts';
import { computeBackoffMs } from './backoff.ts';
import { checkReplyTarget, DEFAULT_REPLY_HOSTS } from './check-reply-target.ts';
import { classifyFetchError, classifyResponse } from './classify-response.ts';
import type { AttemptOutcome } from './classify-response.ts';
import { MAX_DINGTALK_BODY_BYTES, measureBodyBytes, renderReply } from './render-reply.ts';
import type { DingTalkMarkdownMessage } from './render-reply.ts';
import { createRollingWindowLimiter } from './rolling-window-limiter.ts';
import { createKeyedSerializer } from './serialize-by-key.ts';
import { hashReplyTarget } from './target-id.ts';

export type ReplyResultKind = 'ok' | 'retried' | 'failed' | 'refused';

export interface ReplyResultDetail {
  /** Short hash of the webhook URL; the URL itself is a credential. */
  readonly targetId: string;
  readonly attempts: number;
  /** Why it failed or was refused. */
  readonly reason?: string;
  /** The last DingTalk errcode seen, if any. */
  readonly errcode?: number;
  /** From the first attempt to the outcome, excluding time queued behind the rate limit. */
  readonly durationMs: number;
}

export interface DingTalkReplySenderOptions {
  readonly fetch?: typeof fetch;
  /** Epoch-milliseconds clock used for expiry, rate limiting and the retry budget. */
  readonly now?: () => number;
  /** Used for backoff and rate-limit waits; a fake clock makes tests fast. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter source, uniform in [0, 1). */
  readonly random?: () => number;
  readonly logger?: Logger;
  readonly allowedHosts?: readonly string[];
  /** Accept http: webhooks. Only for tests against a local double. */
  readonly allowInsecureHttp?: boolean;
  /** Per-attempt timeout (real time; default 5 s). */
  readonly timeoutMs?: number;
  /** Attempts per reply, including the first (default 5). */
  readonly maxAttempts?: number;
  /** No retry is started once this much time has passed since the first attempt (default 30 s). */
  readonly maxTotalMs?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Messages allowed per webhook per rolling window (default 20 per 60 s, DingTalk's own limit). */
  readonly rateLimit?: { readonly limit: number; readonly windowMs: number };
  /** Replies that may wait per webhook (20 a minute go out); beyond it a reply fails at once (default 100). */
  readonly maxQueuedPerTarget?: number;
  /** Metrics hook, called once per send(); exceptions it throws are logged and ignored. */
  readonly onResult?: (result: ReplyResultKind, detail: ReplyResultDetail) => void;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A ReplySender for DingTalk. Replies to one webhook go out one at a time and in order, so a conversation
 * reads in the order kubetalk wrote it; each attempt takes a slot from the per-webhook rate limiter.
 * A retry after a timeout can post the message twice if DingTalk had accepted it; sessionWebhook offers no
 * idempotency key, so that is accepted as the lesser evil compared with losing replies.
 */
export function createDingTalkReplySender(options: DingTalkReplySenderOptions = {}): ReplySender {
  const fetchImpl = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const logger = options.logger ?? silentLogger;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const maxAttempts = options.maxAttempts ?? 5;
  const maxTotalMs = options.maxTotalMs ?? 30_000;
  const backoff = {
    baseMs: options.baseDelayMs ?? 500,
    maxMs: options.maxDelayMs ?? 8_000,
    ...(options.random !== undefined ? { random: options.random } : {}),
  };
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

  const attempt = async (url: URL, body: DingTalkMarkdownMessage): Promise<AttemptOutcome> => {
    try {
      const res = await fetchImpl(url.href, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        // A redirect would lead to a host that was never checked.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      return classifyResponse(res.status, await res.text());
    } catch (err) {
      return classifyFetchError(err);
    }
  };

  const deliver = async (
    target: ReplyTarget,
    reply: OutboundReply,
    targetId: string,
  ): Promise<DeliveryResult> => {
    let body: DingTalkMarkdownMessage;
    try {
      body = renderReply(reply);
    } catch (err) {
      report('failed', { targetId, attempts: 0, reason: 'render failed', durationMs: 0 });
      logger.warn('dingtalk reply render failed', { targetId, error: describeError(err) });
      return { ok: false, attempts: 0, reason: 'render failed' };
    }
    let attempts = 0;
    let reRendered = false;
    let started: number | undefined;
    let last: AttemptOutcome = { kind: 'fail', reason: 'no attempt' };
    const finish = (kind: ReplyResultKind, reason?: string): DeliveryResult => {
      const errcode = 'errcode' in last ? last.errcode : undefined;
      report(kind, {
        targetId,
        attempts,
        ...(reason !== undefined ? { reason } : {}),
        ...(errcode !== undefined ? { errcode } : {}),
        durationMs: started === undefined ? 0 : now() - started,
      });
      return reason === undefined ? { ok: true, attempts } : { ok: false, attempts, reason };
    };

    while (attempts < maxAttempts) {
      await limiter.acquire(targetId);
      // Time spent queued behind the rate limit may have outlived the session.
      const check = checkReplyTarget(target.url, target.expiresAt, policy);
      if (!check.ok) return finish(attempts === 0 ? 'refused' : 'failed', `refused: ${check.reason}`);
      started ??= now();
      attempts += 1;
      last = await attempt(check.url, body);
      if (last.kind === 'ok') return finish(attempts === 1 ? 'ok' : 'retried');
      if (last.kind === 'fail') return finish('failed', last.reason);
      if (last.kind === 'too-long') {
        if (reRendered) return finish('failed', last.reason);
        // DingTalk measured differently from us; try once more at half the size rather than give up.
        reRendered = true;
        const smaller = Math.floor(Math.min(MAX_DINGTALK_BODY_BYTES, measureBodyBytes(body)) / 2);
        try {
          body = renderReply(reply, { maxBodyBytes: smaller });
        } catch {
          return finish('failed', last.reason);
        }
        continue;
      }
      const delay = computeBackoffMs(attempts, backoff);
      if (attempts >= maxAttempts) break;
      if (now() - started + delay > maxTotalMs)
        return finish('failed', `retry budget exhausted: ${last.reason}`);
      logger.debug('dingtalk reply retrying', { targetId, attempts, reason: last.reason, delayMs: delay });
      await sleep(delay);
    }
    return finish('failed', `attempts exhausted: ${last.reason}`);
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
          return await deliver(target, reply, targetId);
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
