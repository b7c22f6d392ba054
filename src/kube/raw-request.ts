// Raw requests through a client configuration: JSON sent and received exactly as written, unknown fields included.
import { ApiException, HttpMethod, type Configuration, type RequestContext } from '@kubernetes/client-node';

export interface RawRequestOptions {
  readonly query?: Readonly<Record<string, string>>;
  /** Sent as JSON text, as is. */
  readonly body?: unknown;
  readonly contentType?: string;
}

/** Sends a request and parses the JSON answer, or throws an ApiException shaped like the generated clients' errors. */
export type RawRequest = (method: HttpMethod, path: string, opts?: RawRequestOptions) => Promise<unknown>;

/** GETs `path` (with `query`) as JSON. */
export type GetJson = (path: string, query?: Readonly<Record<string, string>>) => Promise<unknown>;

/**
 * client-node's typed models drop every field they do not know, on the way in (a read) and on the way out (its
 * ObjectSerializer drops most `x-kubernetes-validations` of a CRD). Whatever copies cluster data into a write, or
 * writes a manifest as it is, goes through this instead. It uses the same configuration — credentials, pooled
 * connection, middleware (impersonation, signal) — as the typed clients built on it.
 */
export function createRawRequest(config: Configuration): RawRequest {
  return async (method, path, opts = {}) => {
    let ctx: RequestContext = config.baseServer.makeRequestContext(path, method);
    for (const [k, v] of Object.entries(opts.query ?? {})) ctx.setQueryParam(k, v);
    ctx.setHeaderParam('Accept', 'application/json');
    if (opts.body !== undefined) {
      ctx.setHeaderParam('Content-Type', opts.contentType ?? 'application/json');
      ctx.setBody(JSON.stringify(opts.body));
    }
    await config.authMethods.default?.applySecurityAuthentication(ctx);
    for (const m of config.middleware) ctx = await m.pre(ctx).toPromise();
    let res = await config.httpApi.send(ctx).toPromise();
    for (const m of [...config.middleware].reverse()) res = await m.post(res).toPromise();
    const text = await res.body.text();
    if (res.httpStatusCode < 200 || res.httpStatusCode > 299) {
      throw new ApiException(res.httpStatusCode, 'Unknown API Status Code!', text, res.headers);
    }
    return JSON.parse(text) as unknown;
  };
}

export function createGetJson(config: Configuration): GetJson {
  const request = createRawRequest(config);
  return (path, query) => request(HttpMethod.GET, path, query ? { query } : {});
}
