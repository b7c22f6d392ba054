// One soak: mixed traffic, paced `scale` commands and ChatCommand churn against a running controller, with
// metrics sampled throughout; used by `npm run soak` and the short CI variant (test/e2e/soak).
import type * as k8s from '@kubernetes/client-node';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ReplySink } from '../../bench/lib/reply-sink.ts';
import { analyse, type MetricTrend } from './analyse.ts';
import { runChurn, type ChurnStats } from './churn.ts';
import { takeSample, type Sample } from './sampler.ts';
import { createTraffic, type TrafficStats } from './traffic.ts';

export interface SoakOptions {
  readonly callbackUrl: string;
  readonly internalUrl: string;
  readonly secret: string;
  readonly sink: ReplySink;
  readonly custom: k8s.CustomObjectsApi;
  /** Namespace with a runner, the Deployment and a `scale` ChatCommand admitting group/user. */
  readonly namespace: string;
  readonly group: string;
  readonly user: string;
  readonly deployment: string;
  readonly durationMs: number;
  /** Mixed requests per second (scale commands come on top, one every `scaleEveryMs`). */
  readonly rate: number;
  readonly scaleEveryMs: number;
  readonly sampleEveryMs: number;
  readonly churnEveryMs: number;
  readonly log?: (line: string) => void;
}

export interface SoakReport {
  readonly samples: Sample[];
  readonly trends: MetricTrend[];
  readonly traffic: TrafficStats;
  readonly churn: ChurnStats;
  /** Valid messages without a reply after the grace period. */
  readonly unanswered: number;
  /** Sessions that got more than one reply (something ran twice). */
  readonly repliedTwice: number;
  readonly notReadySamples: number;
  readonly seconds: number;
}

export async function runSoak(o: SoakOptions): Promise<SoakReport> {
  const log = o.log ?? (() => undefined);
  const traffic = createTraffic({
    callbackUrl: o.callbackUrl,
    secret: o.secret,
    group: o.group,
    user: o.user,
    deployment: o.deployment,
    sessionUrl: (s) => o.sink.sessionUrl(s),
  });
  const startedAt = performance.now();
  const stop = new AbortController();
  const samples: Sample[] = [];
  const sampler = (async () => {
    // On a schedule, not "scrape, then wait": a slow scrape must not thin the samples out.
    for (let k = 1; !stop.signal.aborted; k++) {
      samples.push(await takeSample(o.internalUrl, startedAt));
      const wait = startedAt + k * o.sampleEveryMs - performance.now();
      if (wait > 0) await sleep(wait, undefined, { signal: stop.signal }).catch(() => undefined);
    }
  })();
  const churn = runChurn({
    custom: o.custom,
    namespace: o.namespace,
    group: o.group,
    user: o.user,
    intervalMs: o.churnEveryMs,
    maxCycles: Math.ceil(o.durationMs / o.churnEveryMs) + 1,
    signal: stop.signal,
  });
  const scaler = (async () => {
    let replicas = 1;
    while (!stop.signal.aborted) {
      replicas = (replicas % 3) + 1;
      await traffic.sendScale(replicas);
      await sleep(o.scaleEveryMs, undefined, { signal: stop.signal }).catch(() => undefined);
    }
  })();

  // Open loop, bounded: at most `rate` a second, at most 64 in flight, until the duration is over.
  const interval = 1000 / o.rate;
  const total = Math.floor((o.durationMs / 1000) * o.rate);
  const inFlight = new Set<Promise<void>>();
  let nextLog = startedAt + 60_000;
  for (let i = 0; i < total; i++) {
    const due = startedAt + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    if (inFlight.size >= 64) await Promise.race(inFlight);
    const p = traffic.sendRandom().finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (performance.now() > nextLog) {
      nextLog += 60_000;
      const s = samples.at(-1);
      log(`${Math.round((performance.now() - startedAt) / 1000)} s: ${JSON.stringify(s?.values ?? {})}`);
    }
  }
  await Promise.all(inFlight);
  stop.abort();
  await Promise.all([sampler, scaler]);
  const churnStats = await churn;
  samples.push(await takeSample(o.internalUrl, startedAt));
  const seconds = (performance.now() - startedAt) / 1000;

  // Every valid message must have its reply; scale replies may take an API round trip or two.
  const deadline = Date.now() + 30_000;
  const missing = (): string[] => [...traffic.stats.expectReply.keys()].filter((s) => o.sink.count(s) < 1);
  while (missing().length > 0 && Date.now() < deadline) await sleep(250);
  const unanswered = missing().length;
  const repliedTwice = [...traffic.stats.expectReply.keys()].filter((s) => o.sink.count(s) > 1).length;
  return {
    samples,
    trends: analyse(samples),
    traffic: traffic.stats,
    churn: churnStats,
    unanswered,
    repliedTwice,
    notReadySamples: samples.filter((s) => !s.ready).length,
    seconds,
  };
}
