// Dry-run clients: every write carries `dryRun=All` (the API server runs admission and validation, then stores
// nothing), and the object it would have stored is handed to a recorder, so a preview can show the difference.
import {
  HttpMethod,
  Observable,
  ResponseContext,
  type Configuration,
  type HttpLibrary,
} from '@kubernetes/client-node';

export type WriteRecorder = (obj: unknown) => void;

/**
 * Wraps the configuration's HTTP library rather than adding a middleware: the request and its response meet in
 * one call here, so concurrent requests cannot mix up whose answer is whose; and like the impersonation header,
 * no call can forget it, typed or raw.
 */
export function withDryRun(config: Configuration, record: WriteRecorder): Configuration {
  const inner = config.httpApi;
  const httpApi: HttpLibrary = {
    send(ctx) {
      if (ctx.getHttpMethod() === HttpMethod.GET) return inner.send(ctx);
      ctx.setQueryParam('dryRun', 'All');
      return new Observable(
        (async (): Promise<ResponseContext> => {
          const res = await inner.send(ctx).toPromise();
          const text = await res.body.text();
          if (res.httpStatusCode >= 200 && res.httpStatusCode < 300) {
            try {
              record(JSON.parse(text) as unknown);
            } catch {
              // Not JSON: nothing to preview from; the caller's own parsing reports it.
            }
          }
          return new ResponseContext(res.httpStatusCode, res.headers, {
            text: () => Promise.resolve(text),
            binary: () => Promise.resolve(Buffer.from(text)),
            stream: () => new Blob([text]).stream(),
          });
        })(),
      );
    },
  };
  return { ...config, httpApi };
}
