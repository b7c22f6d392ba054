// Closed-loop load as fast as the server answers (autocannon), with a freshly built request every time.
import autocannon from 'autocannon';
import type { SignedRequest } from './callbacks.ts';

export interface MaxLoadResult {
  readonly completed: number;
  readonly durationS: number;
  readonly perSecond: number;
  readonly latenciesMs: number[];
  readonly statuses: Readonly<Record<number, number>>;
  readonly errors: number;
}

export async function maxLoad(opts: {
  readonly url: string;
  readonly connections: number;
  readonly durationS: number;
  readonly make: () => SignedRequest;
}): Promise<MaxLoadResult> {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  const url = new URL(opts.url);
  let done: (r: autocannon.Result) => void = () => undefined;
  let failed: (e: unknown) => void = () => undefined;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    done = resolve;
    failed = reject;
  });
  const instance = autocannon(
    {
      url: url.origin,
      connections: opts.connections,
      duration: opts.durationS,
      requests: [
        {
          method: 'POST',
          path: url.pathname,
          setupRequest: (req) => {
            const r = opts.make();
            return { ...req, method: 'POST', path: url.pathname, headers: r.headers, body: r.body };
          },
        },
      ],
    },
    (err: unknown, r: autocannon.Result) => (err ? failed(err) : done(r)),
  );
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    latencies.push(responseTime);
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  });
  const result = await finished;
  const durationS = result.duration;
  const completed = latencies.length;
  return {
    completed,
    durationS,
    perSecond: completed / durationS,
    latenciesMs: latencies,
    statuses,
    errors: result.errors + result.timeouts,
  };
}
