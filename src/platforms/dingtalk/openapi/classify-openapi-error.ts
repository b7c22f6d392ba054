// What one OpenAPI answer means: done, retry later, fetch a new token, or give up (§5 / alerts reference §2.5).

export type OpenApiOutcome =
  | { readonly kind: 'ok'; readonly body: Readonly<Record<string, unknown>> }
  | { readonly kind: 'retry'; readonly reason: string }
  | { readonly kind: 'retoken'; readonly reason: string }
  | { readonly kind: 'fail'; readonly reason: string };

/** Codes that mean the token is bad; the observed one is InvalidAuthentication (HTTP 400 or 401). */
const TOKEN_CODES =
  /^(InvalidAuthentication|invalidAuthentication|Unauthorized|InvalidAccessToken|invalid\.?access\.?token)/i;
/** Flow control / throttling, whatever the HTTP status: worth a later retry. */
const THROTTLE_CODES =
  /(throttl|flowcontrol|flow\.control|too\.?fast|too\.many|ratelimit|rate\.limit|QpsLimit)/i;

/**
 * New-style APIs answer non-2xx with `{code, message, requestid}`. Legacy-style `{errcode}` in a 200 is also
 * understood (errcode 0 = ok; 40014/42001 = bad or expired token; 90002/90018/90019 = throttled).
 */
export function classifyOpenApiResponse(status: number, text: string): OpenApiOutcome {
  const body = parseObject(text);
  const code = typeof body?.['code'] === 'string' ? body['code'] : undefined;
  const errcode = typeof body?.['errcode'] === 'number' ? body['errcode'] : undefined;
  const label = code ?? (errcode !== undefined ? `errcode ${errcode}` : `http ${status}`);
  if (status >= 200 && status < 300) {
    if (errcode === undefined || errcode === 0) return { kind: 'ok', body: body ?? {} };
    if (errcode === 40014 || errcode === 42001) return { kind: 'retoken', reason: label };
    if (errcode === 90002 || errcode === 90018 || errcode === 90019) return { kind: 'retry', reason: label };
    return { kind: 'fail', reason: label };
  }
  if (code !== undefined && TOKEN_CODES.test(code)) return { kind: 'retoken', reason: label };
  if (status === 401) return { kind: 'retoken', reason: label };
  if (status === 429 || status >= 500 || (code !== undefined && THROTTLE_CODES.test(code)))
    return { kind: 'retry', reason: label };
  return { kind: 'fail', reason: label };
}

/** fetch rejected: a timeout or the network; both are worth a retry. */
export function classifyOpenApiFetchError(err: unknown): OpenApiOutcome {
  const name = err instanceof Error ? err.name : '';
  return { kind: 'retry', reason: name === 'TimeoutError' ? 'timeout' : 'network error' };
}

function parseObject(text: string): Readonly<Record<string, unknown>> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
