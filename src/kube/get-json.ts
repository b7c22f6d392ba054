// Raw GETs through a client configuration: the object exactly as the API server sent it, unknown fields included.
import { ApiException, HttpMethod, type Configuration, type RequestContext } from '@kubernetes/client-node';

/** GETs `path` (with `query`) as JSON, or throws an ApiException shaped like the generated clients' errors. */
export type GetJson = (path: string, query?: Readonly<Record<string, string>>) => Promise<unknown>;

/**
 * client-node's typed models drop every field they do not know, so an object read through them and written back
 * loses what a newer API server added. Writes that copy cluster data (undo's pod template) read it through this
 * instead. It goes through the same configuration — credentials, pooled connection, impersonation and signal
 * middleware — as the typed clients.
 */
export function createGetJson(config: Configuration): GetJson {
  return async (path, query = {}) => {
    let ctx: RequestContext = config.baseServer.makeRequestContext(path, HttpMethod.GET);
    for (const [k, v] of Object.entries(query)) ctx.setQueryParam(k, v);
    ctx.setHeaderParam('Accept', 'application/json');
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
