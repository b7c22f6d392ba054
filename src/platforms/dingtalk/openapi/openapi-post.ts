// One POST to DingTalk's OpenAPI, classified (ok, retry, retoken, fail), and the access-token fetch built on it:
// a refused appKey/appSecret is permanent (retrying only adds to DingTalk's token rate limit).
import type { ApiUrlCheck } from '../check-api-url.ts';
import {
  classifyOpenApiFetchError,
  classifyOpenApiResponse,
  type OpenApiOutcome,
} from './classify-openapi-error.ts';
import type { OpenApiSenderOptions } from './openapi-sender.ts';

export type OpenApiPost = (path: string, body: unknown, token?: string) => Promise<OpenApiOutcome>;

export function createOpenApiPost(
  base: ApiUrlCheck,
  fetchImpl: typeof fetch,
  timeoutMs: number,
): OpenApiPost {
  return async (path, body, token) => {
    if (!base.ok) return { kind: 'fail', reason: `API URL refused: ${base.reason}` };
    try {
      const res = await fetchImpl(new URL(path, base.url), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(token !== undefined ? { 'x-acs-dingtalk-access-token': token } : {}),
        },
        body: JSON.stringify(body),
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      return classifyOpenApiResponse(res.status, await res.text());
    } catch (err) {
      return classifyOpenApiFetchError(err);
    }
  };
}

export class TokenError extends Error {
  readonly permanent: boolean;
  constructor(message: string, permanent: boolean) {
    super(message);
    this.name = 'TokenError';
    this.permanent = permanent;
  }
}

/** A fresh access token and its lifetime; throws a TokenError (permanent when the credentials were refused). */
export async function fetchAccessToken(
  post: OpenApiPost,
  opts: Pick<OpenApiSenderOptions, 'appKey' | 'appSecret' | 'onTokenRefresh'>,
): Promise<{ token: string; expiresInMs: number }> {
  const out = await post('/v1.0/oauth2/accessToken', { appKey: opts.appKey, appSecret: opts.appSecret });
  const token = out.kind === 'ok' ? out.body['accessToken'] : undefined;
  const expireIn = out.kind === 'ok' ? out.body['expireIn'] : undefined;
  if (typeof token !== 'string' || token === '' || typeof expireIn !== 'number') {
    opts.onTokenRefresh?.('failed');
    const reason = `access token refused: ${out.kind === 'ok' ? 'answer without accessToken' : out.reason}`;
    throw new TokenError(reason, out.kind !== 'retry');
  }
  opts.onTokenRefresh?.('ok');
  return { token, expiresInMs: expireIn * 1000 };
}
