// The OpenAPI access token: cached until shortly before it expires, fetched by one caller at a time.

export interface FetchedToken {
  readonly token: string;
  /** Lifetime DingTalk announced (`expireIn`, 7200 s), in milliseconds. */
  readonly expiresInMs: number;
}

export interface TokenCache {
  /** A valid token; concurrent callers share one fetch. Rejects when the fetch fails. */
  get(): Promise<string>;
  /** DingTalk called `token` invalid: forget it (only if it is still the cached one), so the next get refetches. */
  invalidate(token: string): void;
}

export interface TokenCacheOptions {
  readonly fetchToken: () => Promise<FetchedToken>;
  readonly now?: () => number;
  /** Refresh this long before expiry (default 5 min, as the Python SDK does). */
  readonly refreshMarginMs?: number;
}

export function createTokenCache(opts: TokenCacheOptions): TokenCache {
  const now = opts.now ?? Date.now;
  const margin = opts.refreshMarginMs ?? 5 * 60_000;
  let cached: { token: string; refreshAt: number } | undefined;
  let inFlight: Promise<string> | undefined;
  return {
    get() {
      if (cached && now() < cached.refreshAt) return Promise.resolve(cached.token);
      inFlight ??= opts
        .fetchToken()
        .then(({ token, expiresInMs }) => {
          // A lifetime shorter than the margin still gets half its life, never a refetch per call.
          cached = { token, refreshAt: now() + Math.max(expiresInMs - margin, expiresInMs / 2) };
          return token;
        })
        .finally(() => (inFlight = undefined));
      return inFlight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
