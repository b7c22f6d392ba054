// Leader election's liveness: a Lease renewal still running far past its deadline is a stall; one that fails fast
// (API server unreachable) is not — the loop keeps its pace and a restart would not help.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startLeaderElection, type LeaderElector } from '../../../src/coordination/leader-election.ts';
import { silentLogger } from '../../../src/log/logger.ts';

let server: Server | undefined;
let elector: LeaderElector | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await elector?.stop();
  elector = undefined;
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

function kubeconfigFor(url: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: url, skipTLSVerify: true }],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc;
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server?.address() as AddressInfo).port}`;
}

const start = (url: string, requests?: () => void): LeaderElector =>
  startLeaderElection({
    kc: kubeconfigFor(url),
    namespace: 'ns',
    name: 'lease',
    identity: 'me',
    leaseDurationMs: 3_000,
    log: silentLogger,
    ...(requests ? { onStartedLeading: requests } : {}),
  });

describe('leader election liveness', () => {
  it('a renewal that overran its deadline by more than the grace is a stall', async () => {
    let seen = 0;
    // Holds every request open: the deadline client would abort at 2 s of real time; Date runs ahead of it.
    const url = await listen(() => void seen++);
    vi.useFakeTimers({ toFake: ['Date'] });
    elector = start(url);
    // Not vi.waitFor: with fake timers it advances the clock it polls on.
    while (seen < 1) await new Promise((r) => setTimeout(r, 10));
    vi.advanceTimersByTime(2_000 + 1_000);
    expect(elector.whyNotLive(1_000)).toBeUndefined();
    vi.advanceTimersByTime(1);
    expect(elector.whyNotLive(1_000)).toBe(
      'leader election stalled: a Lease renewal has run for 3 s (due within 2 s)',
    );
  });

  it('an API server that refuses fast is not a stall: the loop keeps its pace', async () => {
    let seen = 0;
    const url = await listen((_req, res) => {
      seen++;
      res.writeHead(500, { 'content-type': 'application/json' }).end('{}');
    });
    elector = start(url);
    await vi.waitFor(() => expect(seen).toBeGreaterThanOrEqual(2), { timeout: 10_000, interval: 20 });
    expect(elector.whyNotLive(0)).toBeUndefined();
    expect(elector.isLeader()).toBe(false);
  });
});
