// Short soak in CI (issue 6, point 8): ~35 s of mixed valid and hostile callbacks plus ChatCommand churn; asserts
// only leak-shaped properties with generous bounds, and that every valid message was answered. No timings.
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplySink, type ReplySink } from '../../../bench/lib/reply-sink.ts';
import { analyse, isFlat } from '../../../scripts/soak/analyse.ts';
import { runSoak, type SoakReport } from '../../../scripts/soak/run-soak.ts';
import {
  clusterUnavailableReason,
  createTestNamespace,
  deleteTestNamespace,
  deploymentManifest,
  eventually,
  getTestCluster,
} from '../../support/cluster.ts';
import {
  APP_SECRET,
  controllerEnv,
  controllerKubeconfig,
  createRunner,
  installCrd,
} from '../../support/chat-harness.ts';
import { startControllerProcess, type ControllerProcess } from '../../support/controller-process.ts';

const skip = clusterUnavailableReason() !== '';
const GROUP = 'cidSoakGroupAAAAAAAAAAA==';
const USER = 'alice01';
const MiB = 1024 * 1024;

describe.skipIf(skip)('soak (short)', () => {
  let ns = '';
  let sink: ReplySink;
  let controller: ControllerProcess;
  let custom: k8s.CustomObjectsApi;
  let report: SoakReport;

  beforeAll(async () => {
    installCrd();
    const kubeconfig = controllerKubeconfig();
    const { kc, apps } = getTestCluster();
    custom = kc.makeApiClient(k8s.CustomObjectsApi);
    ns = await createTestNamespace('soak');
    createRunner(ns);
    await apps.createNamespacedDeployment({ namespace: ns, body: deploymentManifest('web', ns, 1) });
    await custom.createNamespacedCustomObject({
      group: 'kubetalk.io',
      version: 'v1alpha1',
      plural: 'chatcommands',
      namespace: ns,
      body: {
        apiVersion: 'kubetalk.io/v1alpha1',
        kind: 'ChatCommand',
        metadata: { name: 'scale-web' },
        spec: {
          trigger: 'scale',
          targets: { kind: 'Deployment', names: ['web'] },
          action: { scale: { minReplicas: 1, maxReplicas: 3 } },
          allow: { conversations: [GROUP], users: [USER] },
        },
      },
    });
    sink = await startReplySink();
    controller = await startControllerProcess(
      controllerEnv(sink.host, {
        KUBECONFIG: kubeconfig,
        // Only its own namespace: the plane is shared with other e2e files and their ChatCommands.
        KUBETALK_NAMESPACES: ns,
        // Info, as in production: debug would make the soak measure log volume.
        KUBETALK_LOG_LEVEL: 'info',
      }),
    );
    await eventually(
      'controller ready',
      async () => ((await fetch(`${controller.internalUrl}/readyz`)).ok ? true : undefined),
      60_000,
    );
    report = await runSoak({
      callbackUrl: `${controller.publicUrl}/callbacks/dingtalk`,
      internalUrl: controller.internalUrl,
      secret: APP_SECRET,
      sink,
      custom,
      namespace: ns,
      group: GROUP,
      user: USER,
      deployment: 'web',
      durationMs: 35_000,
      rate: 15,
      scaleEveryMs: 8000,
      sampleEveryMs: 1000,
      churnEveryMs: 1500,
    });
  }, 200_000);

  afterAll(async () => {
    await controller?.stop();
    await sink?.close();
    await deleteTestNamespace(ns);
  });

  it('answers every request with the status its kind must get, and every valid message exactly once', () => {
    expect(report.traffic.unexpected).toEqual({});
    expect(report.traffic.transportErrors).toBe(0);
    expect(report.traffic.sent.help).toBeGreaterThan(50);
    expect(report.traffic.sent.scale).toBeGreaterThanOrEqual(3);
    expect(report.unanswered).toBe(0);
    expect(report.repliedTwice).toBe(0);
    expect(report.churn.errors).toBe(0);
    expect(report.churn.deleted).toBeGreaterThan(5);
  });

  it('stays ready throughout', () => {
    expect(report.samples.length).toBeGreaterThan(20);
    expect(report.notReadySamples).toBe(0);
  });

  it('does not leak: open fds and handles within a small constant, memory not growing past generous bounds', () => {
    const trends = analyse(report.samples);
    const by = (m: string) => trends.find((t) => t.metric === m);
    const fds = by('kubetalk_process_open_fds');
    const handles = by('kubetalk_nodejs_active_handles_total');
    const heap = by('kubetalk_nodejs_heap_size_used_bytes');
    const rss = by('kubetalk_process_resident_memory_bytes');
    expect(fds?.lastThird).toBeLessThanOrEqual((fds?.firstThird ?? 0) + 10);
    expect(handles?.lastThird).toBeLessThanOrEqual((handles?.firstThird ?? 0) + 20);
    expect(heap?.lastThird).toBeLessThanOrEqual((heap?.firstThird ?? 0) * 1.5 + 20 * MiB);
    expect(rss?.lastThird).toBeLessThanOrEqual((rss?.firstThird ?? 0) * 1.5 + 20 * MiB);
    expect(trends.every(isFlat)).toBe(true);
  });
});
