// Open-loop load at a fixed rate: request i is due at start + i/rate whatever earlier ones do, and its latency
// counts from when it was due, so a slow server cannot hide its queueing (no coordinated omission).
import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SignedRequest } from './callbacks.ts';

export interface PacedResult {
  readonly sent: number;
  /** Milliseconds from due time to the end of the response, per completed request. */
  readonly latenciesMs: number[];
  readonly statuses: Readonly<Record<number, number>>;
  readonly errors: number;
  readonly elapsedMs: number;
}

export interface PacedOptions {
  readonly url: string;
  readonly rate: number;
  readonly durationMs: number;
  readonly make: () => SignedRequest;
  /** Requests allowed in flight before the generator stops sending (counted as errors): a bound, not a target. */
  readonly maxInFlight?: number;
}

function send(agent: Agent, url: URL, req: SignedRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const r = request(
      {
        agent,
        method: 'POST',
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        headers: { ...req.headers, 'content-length': Buffer.byteLength(req.body) },
      },
      (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

export async function pacedLoad(opts: PacedOptions): Promise<PacedResult> {
  const url = new URL(opts.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const maxInFlight = opts.maxInFlight ?? 1000;
  const total = Math.floor((opts.rate * opts.durationMs) / 1000);
  const interval = 1000 / opts.rate;
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let errors = 0;
  let inFlight = 0;
  const pending: Array<Promise<void>> = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    if (inFlight >= maxInFlight) {
      errors += 1;
      continue;
    }
    // Built at send time, so every request carries a fresh timestamp like a real delivery.
    const req = opts.make();
    inFlight += 1;
    pending.push(
      send(agent, url, req).then(
        (status) => {
          latencies.push(performance.now() - due);
          statuses[status] = (statuses[status] ?? 0) + 1;
          inFlight -= 1;
        },
        () => {
          errors += 1;
          inFlight -= 1;
        },
      ),
    );
  }
  await Promise.all(pending);
  const elapsedMs = performance.now() - start;
  agent.destroy();
  return { sent: total, latenciesMs: latencies, statuses, errors, elapsedMs };
}
