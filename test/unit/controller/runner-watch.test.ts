// The runner directory answers from its watch: unknown before the first list, then present/absent per namespace.
import { afterEach, describe, expect, it } from 'vitest';
import { startRunnerWatch, type RunnerWatch } from '../../../src/controller/runner-watch.ts';
import { createLogger } from '../../../src/log/logger.ts';
import { startFakeApiServer, type FakeApiServer } from '../../support/fake-api-server.ts';

const sa = (namespace: string) => ({
  metadata: { name: 'kubetalk-runner', namespace, resourceVersion: '5' },
});

describe('runner watch', () => {
  let server: FakeApiServer | undefined;
  let runners: RunnerWatch | undefined;
  afterEach(async () => {
    await runners?.stop();
    server?.close();
  });

  it('lists and watches only the runner name, cluster-wide, and follows a deletion', async () => {
    let releaseList: () => void = () => undefined;
    const listed = new Promise<void>((r) => (releaseList = r));
    server = await startFakeApiServer('t', (req, res) => {
      res.setHeader('content-type', 'application/json');
      if (!req.url.includes('watch=true')) {
        void listed.then(() =>
          res.end(JSON.stringify({ metadata: { resourceVersion: '6' }, items: [sa('shop'), sa('web')] })),
        );
        return;
      }
      res.writeHead(200);
      res.flushHeaders();
      setTimeout(() => res.write(`${JSON.stringify({ type: 'DELETED', object: sa('web') })}\n`), 100);
    });
    let changes = 0;
    runners = startRunnerWatch({
      kc: server.kc,
      namespaces: [],
      runnerName: 'kubetalk-runner',
      log: createLogger({ write: () => undefined, level: 'error' }),
      onChange: () => changes++,
    });
    expect(runners.exists('shop')).toBeUndefined();
    releaseList();
    await Promise.all(runners.informers.map((i) => i.synced));
    expect(runners.exists('shop')).toBe(true);
    expect(runners.exists('bare')).toBe(false);
    await new Promise((r) => setTimeout(r, 400));
    expect(runners.exists('web')).toBe(false);
    expect(changes).toBeGreaterThanOrEqual(3);
    const urls = server.seen.map((r) => new URL(r.url, 'http://x'));
    expect(urls.every((u) => u.pathname === '/api/v1/serviceaccounts')).toBe(true);
    expect(urls.every((u) => u.searchParams.get('fieldSelector') === 'metadata.name=kubetalk-runner')).toBe(
      true,
    );
  });

  it('watches each listed namespace and knows nothing outside them', async () => {
    server = await startFakeApiServer('t', (req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url.includes('watch=true')) {
        res.writeHead(200);
        res.flushHeaders();
        return;
      }
      const items = req.url.startsWith('/api/v1/namespaces/shop/') ? [sa('shop')] : [];
      res.end(JSON.stringify({ metadata: { resourceVersion: '6' }, items }));
    });
    runners = startRunnerWatch({
      kc: server.kc,
      namespaces: ['shop', 'bare'],
      runnerName: 'kubetalk-runner',
      log: createLogger({ write: () => undefined, level: 'error' }),
      onChange: () => undefined,
    });
    await Promise.all(runners.informers.map((i) => i.synced));
    expect(runners.exists('shop')).toBe(true);
    expect(runners.exists('bare')).toBe(false);
    expect(runners.exists('elsewhere')).toBe(false);
    const paths = new Set(server.seen.map((r) => new URL(r.url, 'http://x').pathname));
    expect([...paths].sort()).toEqual([
      '/api/v1/namespaces/bare/serviceaccounts',
      '/api/v1/namespaces/shop/serviceaccounts',
    ]);
  });
});
