// One reply to one sessionWebhook, to the end: rate-limit slot, target re-check, attempts with backoff, and a
// single re-render at half the size when DingTalk says it is too long.
import type { DeliveryResult, OutboundReply, ReplyTarget } from '../../dispatch/ports/chat.ts';
import { describeError } from '../../errors.ts';
import type { Logger } from '../../log/logger.ts';
import { computeBackoffMs, type BackoffOptions } from './backoff.ts';
import { checkReplyTarget, type ReplyTargetPolicy } from './check-reply-target.ts';
import { classifyFetchError, classifyResponse, type AttemptOutcome } from './classify-response.ts';
import { MAX_DINGTALK_BODY_BYTES, measureBodyBytes, renderReply } from './render-reply.ts';
import type { DingTalkMarkdownMessage } from './render-reply.ts';
import type { PostJson } from './post-json.ts';
import type { ReplyResultDetail, ReplyResultKind } from './reply-options.ts';

export interface DeliveryContext {
  readonly fetch: PostJson;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly logger: Logger;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly maxTotalMs: number;
  readonly backoff: BackoffOptions;
  readonly policy: ReplyTargetPolicy;
  readonly acquireSlot: (targetId: string) => Promise<void>;
  readonly report: (result: ReplyResultKind, detail: ReplyResultDetail) => void;
}

async function postOnce(
  ctx: DeliveryContext,
  url: URL,
  body: DingTalkMarkdownMessage,
): Promise<AttemptOutcome> {
  try {
    const res = await ctx.fetch(url.href, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      // A redirect would lead to a host that was never checked.
      redirect: 'manual',
      signal: AbortSignal.timeout(ctx.timeoutMs),
    });
    return classifyResponse(res.status, await res.text());
  } catch (err) {
    return classifyFetchError(err);
  }
}

export async function deliverReply(
  ctx: DeliveryContext,
  target: ReplyTarget,
  reply: OutboundReply,
  targetId: string,
): Promise<DeliveryResult> {
  const { now, logger, report } = ctx;
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

  while (attempts < ctx.maxAttempts) {
    await ctx.acquireSlot(targetId);
    // Time spent queued behind the rate limit may have outlived the session.
    const check = checkReplyTarget(target.url, target.expiresAt, ctx.policy);
    if (!check.ok) return finish(attempts === 0 ? 'refused' : 'failed', `refused: ${check.reason}`);
    started ??= now();
    attempts += 1;
    last = await postOnce(ctx, check.url, body);
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
    const delay = computeBackoffMs(attempts, ctx.backoff);
    if (attempts >= ctx.maxAttempts) break;
    if (now() - started + delay > ctx.maxTotalMs)
      return finish('failed', `retry budget exhausted: ${last.reason}`);
    logger.debug('dingtalk reply retrying', { targetId, attempts, reason: last.reason, delayMs: delay });
    await ctx.sleep(delay);
  }
  return finish('failed', `attempts exhausted: ${last.reason}`);
}
