// One DingTalk OpenAPI call to the end: the allowed base URL, a cached access token (refetched once when DingTalk
// calls it invalid), retries with backoff for what may pass, and nothing retried that never will.
import { setTimeout as defaultSleep } from 'node:timers/promises';
import { computeBackoffMs } from '../backoff.ts';
import { checkApiUrl } from '../check-api-url.ts';
import type { OpenApiOutcome } from './classify-openapi-error.ts';
import { createOpenApiPost, fetchAccessToken, TokenError } from './openapi-post.ts';
import type { OpenApiSenderOptions } from './openapi-sender.ts';
import { createTokenCache } from './token-cache.ts';

export interface OpenApiClient {
  call(path: string, body: unknown): Promise<{ outcome: OpenApiOutcome; attempts: number }>;
}

export function createOpenApiClient(opts: OpenApiSenderOptions): OpenApiClient {
  const fetchImpl = opts.fetch ?? fetch;
  const sleep = opts.sleep ?? ((ms: number) => defaultSleep(ms));
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const maxAttempts = opts.maxAttempts ?? 4;
  const backoff = {
    baseMs: opts.baseDelayMs ?? 500,
    maxMs: opts.maxDelayMs ?? 8_000,
    ...(opts.random !== undefined ? { random: opts.random } : {}),
  };
  const base = checkApiUrl(opts.baseUrl, 'https', opts.policy);

  const post = createOpenApiPost(base, fetchImpl, timeoutMs);
  const tokens = createTokenCache({
    ...(opts.now ? { now: opts.now } : {}),
    fetchToken: () => fetchAccessToken(post, opts),
  });

  /** One API call with retries; a token DingTalk calls invalid is refetched once. */
  const call = async (
    path: string,
    body: unknown,
  ): Promise<{ outcome: OpenApiOutcome; attempts: number }> => {
    let attempts = 0;
    let retokened = false;
    let outcome: OpenApiOutcome = { kind: 'fail', reason: 'no attempt' };
    while (attempts < maxAttempts) {
      attempts += 1;
      let token: string;
      try {
        token = await tokens.get();
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        // Wrong appKey/appSecret: retrying would only add to DingTalk's token rate limit.
        if (err instanceof TokenError && err.permanent)
          return { outcome: { kind: 'fail', reason }, attempts };
        outcome = { kind: 'retry', reason };
        if (attempts < maxAttempts) await sleep(computeBackoffMs(attempts, backoff));
        continue;
      }
      outcome = await post(path, body, token);
      if (outcome.kind === 'ok' || outcome.kind === 'fail') return { outcome, attempts };
      if (outcome.kind === 'retoken') {
        tokens.invalidate(token);
        if (retokened)
          return { outcome: { kind: 'fail', reason: `token refused twice: ${outcome.reason}` }, attempts };
        retokened = true;
        continue;
      }
      if (attempts < maxAttempts) await sleep(computeBackoffMs(attempts, backoff));
    }
    return { outcome: { kind: 'fail', reason: `attempts exhausted: ${outcome.reason}` }, attempts };
  };

  return { call };
}
