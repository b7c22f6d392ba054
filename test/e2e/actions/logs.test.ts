// logs against the real control plane (kwok serves the container logs): tail, container choice, previous, byte limits.
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { deploymentManifest, getTestCluster } from '../../support/cluster.ts';
import {
  contextFor,
  rejectionMessage,
  skipActions,
  useRunnerSuite,
  waitDeploymentDone,
} from './runner-fixture.ts';

const logs = (
  over: {
    tailLines?: number;
    maxBytes?: number;
    container?: string;
    sinceSeconds?: number;
    previous?: boolean;
  } = {},
) => ({ type: 'logs', tailLines: 20, maxBytes: 16_384, previous: false, ...over }) as const;

function cri(line: string, at = '2026-01-01T00:00:00Z'): string {
  return `${at} stdout F ${line}\n`;
}

describe.skipIf(skipActions)('logs action', () => {
  const suite = useRunnerSuite('logs');
  const marker = `m${Date.now()}`;
  beforeAll(async () => {
    const { apps, state } = getTestCluster();
    // kwok serves one file per container name to every pod; `worker` and `helper` are this file's alone
    // (LOG_CONTAINERS), so the tails asserted below are exactly what was written here.
    appendFileSync(
      state.logFiles['worker'] ?? '',
      Array.from({ length: 10 }, (_, i) => cri(`${marker} app line ${i + 1}`)).join(''),
    );
    appendFileSync(state.logFiles['helper'] ?? '', cri(`${marker} sidecar says hi`));
    appendFileSync(
      (state.logFiles['worker'] ?? '').replace(/\.log$/, '.previous.log'),
      cri(`${marker} before the crash`),
    );
    const web = deploymentManifest('web', suite.ns, 2, ['worker', 'helper']);
    await apps.createNamespacedDeployment({ namespace: suite.ns, body: web });
    const multi = deploymentManifest('multi', suite.ns, 1, ['main', 'helper']);
    const template = multi.spec?.template;
    if (template)
      template.metadata = {
        ...template.metadata,
        annotations: { 'kubectl.kubernetes.io/default-container': 'helper' },
      };
    await apps.createNamespacedDeployment({ namespace: suite.ns, body: multi });
    await waitDeploymentDone(suite.ns, 'web');
    await waitDeploymentDone(suite.ns, 'multi');
  });

  it('shows the tail of every pod, one block per pod, first container by default', async () => {
    const out = await suite.runner.run(logs({ tailLines: 3 }), contextFor('Deployment', suite.ns, 'web'));
    expect(out.ok).toBe(true);
    expect(out.summary).toEqual({
      key: 'action.logs.summary',
      params: { kind: 'deployment', name: 'web', namespace: suite.ns, shown: 2, total: 2 },
    });
    expect(out.blocks).toHaveLength(2);
    for (const b of out.blocks ?? []) {
      expect(b.heading).toMatchObject({ key: 'action.logs.pod', params: { container: 'worker' } });
      const lines = b.text.split('\n');
      expect(lines.length).toBeLessThanOrEqual(3);
      expect(b.text).toContain(`${marker} app line 10`);
      expect(b.text).not.toContain(`${marker} app line 7`);
    }
  });

  it('reads the requested container, or the default-container annotation', async () => {
    const side = await suite.runner.run(
      logs({ container: 'helper' }),
      contextFor('Deployment', suite.ns, 'web'),
    );
    expect(side.blocks?.[0]?.heading?.params).toMatchObject({ container: 'helper' });
    expect(side.blocks?.[0]?.text).toContain(`${marker} sidecar says hi`);
    const annotated = await suite.runner.run(logs(), contextFor('Deployment', suite.ns, 'multi'));
    expect(annotated.blocks?.[0]?.heading?.params).toMatchObject({ container: 'helper' });
  });

  it('lists the valid containers when the requested one does not exist', async () => {
    const err = await rejectionMessage(
      suite.runner.run(logs({ container: 'nope' }), contextFor('Deployment', suite.ns, 'web')),
    );
    expect(err).toMatchObject({
      key: 'action.logs.container-not-found',
      params: { container: 'nope', containers: 'worker, helper' },
    });
  });

  it('reads the previous container instance with previous', async () => {
    const out = await suite.runner.run(logs({ previous: true }), contextFor('Deployment', suite.ns, 'web'));
    expect(out.blocks?.[0]?.text).toContain(`${marker} before the crash`);
    expect(out.blocks?.[0]?.text).not.toContain(`${marker} app line`);
  });

  it('passes sinceSeconds: old lines are left out', async () => {
    const { state } = getTestCluster();
    appendFileSync(state.logFiles['helper'] ?? '', cri(`${marker} fresh line`, new Date().toISOString()));
    const out = await suite.runner.run(
      logs({ container: 'helper', sinceSeconds: 600 }),
      contextFor('Deployment', suite.ns, 'web'),
    );
    expect(out.blocks?.[0]?.text).toContain(`${marker} fresh line`);
    expect(out.blocks?.[0]?.text).not.toContain(`${marker} sidecar says hi`);
  });

  it("sends limitBytes to the API server: a huge log is cut at each pod's share of the budget", async () => {
    const { apps, state } = getTestCluster();
    const line = cri(`${marker} ${'x'.repeat(1000)}`);
    appendFileSync(state.logFiles['huge'] ?? '', line.repeat(3000)); // ~3 MB
    await apps.createNamespacedDeployment({
      namespace: suite.ns,
      body: deploymentManifest('big', suite.ns, 2, ['huge']),
    });
    await waitDeploymentDone(suite.ns, 'big');
    const out = await suite.runner.run(
      logs({ tailLines: 100_000, maxBytes: 20_000 }),
      contextFor('Deployment', suite.ns, 'big'),
    );
    expect(out.blocks).toHaveLength(2);
    for (const b of out.blocks ?? []) {
      expect(b.heading).toMatchObject({
        key: 'action.logs.pod-cut',
        params: { container: 'huge', bytes: 10_000 },
      });
      expect(Buffer.byteLength(b.text)).toBeLessThanOrEqual(10_000);
      expect(Buffer.byteLength(b.text)).toBeGreaterThan(9_000);
    }
    // The audit log proves the limit travelled to the API server (and who asked: the runner, via the controller).
    const audit = readFileSync(join(state.stateDir, 'logs', 'audit.log'), 'utf8')
      .split('\n')
      .filter((l) => l.includes(`/namespaces/${suite.ns}/pods/big-`) && l.includes('/log?'))
      .map(
        (l) =>
          JSON.parse(l) as {
            requestURI: string;
            user: { username: string };
            impersonatedUser?: { username: string };
          },
      );
    expect(audit.length).toBeGreaterThanOrEqual(2);
    for (const e of audit) {
      expect(e.requestURI).toContain('limitBytes=10001');
      expect(e.impersonatedUser?.username).toBe(`system:serviceaccount:${suite.ns}:kubetalk-runner`);
    }
  });

  it('shows the newest five pods and says how many exist', async () => {
    const { apps } = getTestCluster();
    await apps.createNamespacedDeployment({
      namespace: suite.ns,
      body: deploymentManifest('many', suite.ns, 7),
    });
    await waitDeploymentDone(suite.ns, 'many');
    const out = await suite.runner.run(logs({ tailLines: 1 }), contextFor('Deployment', suite.ns, 'many'));
    expect(out.summary).toMatchObject({ key: 'action.logs.summary-more', params: { shown: 5, total: 7 } });
    expect(out.blocks).toHaveLength(5);
  });

  it('never shows pods the workload does not own, even when its selector matches them', async () => {
    const { apps, core } = getTestCluster();
    await apps.createNamespacedDeployment({
      namespace: suite.ns,
      body: deploymentManifest('owned', suite.ns, 1),
    });
    await waitDeploymentDone(suite.ns, 'owned');
    // A bare pod wearing the Deployment's labels: the selector matches it, ownership does not.
    await core.createNamespacedPod({
      namespace: suite.ns,
      body: {
        metadata: { name: 'impostor', labels: { app: 'owned' } },
        spec: { containers: [{ name: 'app', image: 'registry.example/impostor:1' }] },
      },
    });
    const out = await suite.runner.run(logs({ tailLines: 1 }), contextFor('Deployment', suite.ns, 'owned'));
    expect(out.summary).toMatchObject({ params: { shown: 1, total: 1 } });
    expect(JSON.stringify(out.blocks)).not.toContain('impostor');
  });

  it('says when the workload has no pods', async () => {
    const { apps } = getTestCluster();
    await apps.createNamespacedDeployment({
      namespace: suite.ns,
      body: deploymentManifest('idle', suite.ns, 0),
    });
    const out = await suite.runner.run(logs(), contextFor('Deployment', suite.ns, 'idle'));
    expect(out.summary.key).toBe('action.logs.no-pods');
    expect(out.blocks).toBeUndefined();
  });
});
