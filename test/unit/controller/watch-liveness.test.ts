// A watch that hangs (open, silent, no error) is reported unhealthy and re-opened; a healthy quiet one is not.
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { CoreV1Api, type KubernetesListObject, type V1ServiceAccount } from '@kubernetes/client-node';
import {
  startResilientInformer,
  type ResilientInformer,
} from '../../../src/controller/resilient-informer.ts';
import { livenessTimings, type WatchRestartReason } from '../../../src/controller/watch-liveness.ts';
import { createLogger } from '../../../src/log/logger.ts';
import { startFakeApiServer, type FakeApiServer, type SeenRequest } from '../../support/fake-api-server.ts';

type Mode = 'healthy' | 'hung' | 'streaming';
const TIMINGS = { watchTimeoutMs: 300, graceMs: 200, hungAfterMs: 2500 };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => boolean, timeoutMs = 6000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('watch liveness', () => {
  let server: FakeApiServer | undefined;
  let informer: ResilientInformer | undefined;
  afterEach(async () => {
    await informer?.stop();
    server?.close();
  });

  async function start(initial: Mode) {
    let mode: Mode = initial;
    const open = new Set<ServerResponse>();
    const answer = (req: SeenRequest, res: ServerResponse): void => {
      if (!req.url.includes('watch=true')) {
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            kind: 'ServiceAccountList',
            metadata: { resourceVersion: '10' },
            items: [{ metadata: { name: 'kubetalk-runner', namespace: 'shop', resourceVersion: '9' } }],
          }),
        );
        return;
      }
      if (mode === 'hung') return; // never answered: the connection stays open and silent
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
      open.add(res);
      res.on('close', () => open.delete(res));
      if (mode === 'healthy') {
        setTimeout(() => res.end(), TIMINGS.watchTimeoutMs);
        return;
      }
      const bookmarks = setInterval(() => {
        res.write(
          `${JSON.stringify({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '10' } } })}\n`,
        );
      }, 50);
      res.on('close', () => clearInterval(bookmarks));
    };
    server = await startFakeApiServer('t', (req, res) => answer(req, res));
    const core = server.kc.makeApiClient(CoreV1Api);
    const reasons: WatchRestartReason[] = [];
    let healthChanges = 0;
    informer = startResilientInformer<V1ServiceAccount & { metadata: { name: string } }>({
      kc: server.kc,
      path: '/api/v1/namespaces/shop/serviceaccounts',
      fieldSelector: 'metadata.name=kubetalk-runner',
      list: async () =>
        (await core.listNamespacedServiceAccount({
          namespace: 'shop',
          fieldSelector: 'metadata.name=kubetalk-runner',
        })) as KubernetesListObject<V1ServiceAccount & { metadata: { name: string } }>,
      handlers: {
        onUpsert: () => undefined,
        onDelete: () => undefined,
        onWatchRestart: (r) => reasons.push(r),
        onHealthChange: () => healthChanges++,
      },
      log: createLogger({ write: () => undefined, level: 'error' }),
      livenessTimings: TIMINGS,
      minBackoffMs: 50,
    });
    await informer.synced;
    return {
      setMode: (m: Mode) => {
        mode = m;
        // A hang also freezes the connections already open.
        if (m === 'hung') for (const res of open) res.removeAllListeners('close');
      },
      reasons,
      healthChanges: () => healthChanges,
    };
  }

  it('asks the server to end each watch, with bookmarks and the field selector', async () => {
    await start('healthy');
    await until('a watch request', () => server!.seen.some((r) => r.url.includes('watch=true')));
    const watch = new URL(server!.seen.find((r) => r.url.includes('watch=true'))!.url, 'http://x');
    expect(watch.searchParams.get('timeoutSeconds')).toBe('1');
    expect(watch.searchParams.get('allowWatchBookmarks')).toBe('true');
    expect(watch.searchParams.get('fieldSelector')).toBe('metadata.name=kubetalk-runner');
  });

  it('stays healthy while quiet watches end and re-open, then reports a hang and recovers from it', async () => {
    const rig = await start('healthy');
    for (let i = 0; i < 4; i++) {
      await sleep(500);
      expect(informer!.health()).toEqual({ ok: true });
    }
    expect(server!.seen.filter((r) => r.url.includes('watch=true')).length).toBeGreaterThan(2);
    rig.setMode('hung');
    await until('hung', () => !informer!.health().ok);
    const h = informer!.health();
    expect(h.ok).toBe(false);
    if (!h.ok) expect(h.reason).toMatch(/^watch \/api\/v1\/namespaces\/shop\/serviceaccounts hung: no word/);
    expect(informer!.isSynced()).toBe(true);
    expect(rig.reasons).toContain('silent');
    await until('the hang reported', () => rig.healthChanges() >= 2); // healthy at sync, then hung
    rig.setMode('healthy');
    await until('healthy again', () => informer!.health().ok);
    await until('the recovery reported', () => rig.healthChanges() >= 3);
  }, 20_000);

  it('re-opens a watch that streams past its deadline without ending, and stays healthy', async () => {
    const rig = await start('streaming');
    await until('a deadline restart', () => rig.reasons.includes('deadline'));
    expect(informer!.health()).toEqual({ ok: true });
  });

  it('derives the deadlines from the server-side timeout', () => {
    expect(livenessTimings(60)).toEqual({ watchTimeoutMs: 60_000, graceMs: 15_000, hungAfterMs: 91_000 });
    expect(livenessTimings(2)).toEqual({ watchTimeoutMs: 2000, graceMs: 5000, hungAfterMs: 13_000 });
  });
});
