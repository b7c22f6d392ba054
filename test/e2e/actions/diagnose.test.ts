// diagnose against the real control plane: each workload broken on purpose, each reply naming cause and evidence.
//
// The scheduler, the controller-manager (Deployment progress, PV binder, EndpointSlices) and the API server are
// real. kwok runs no containers, so image pulls, config errors, crashes and probes are written as the kubelet would
// write them (kubelet-double.ts); the unschedulable pod, the unbound claim and the missed deadline are not faked.
import { appendFileSync } from 'node:fs';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionMessages } from '../../../src/actions/messages.ts';
import { diagnoseMessages } from '../../../src/actions/diagnose/messages.ts';
import { RUNNER_ROLE_RULES } from '../../../src/actions/runner-rbac.ts';
import type { ActionOutcome } from '../../../src/actions/types.ts';
import { renderOutcome } from '../../../src/dispatch/render-reply-text.ts';
import { formatMessage, mergeCatalogs } from '../../../src/i18n/catalog.ts';
import { createRunnerClients } from '../../../src/kube/clients.ts';
import { dispatchMessages } from '../../../src/dispatch/messages.ts';
import {
  deleteTestNamespace,
  deploymentManifest,
  eventually,
  getTestCluster,
} from '../../support/cluster.ts';
import {
  contextFor,
  createRunner,
  createRunnerNamespace,
  getController,
  RUNNER_NAME,
  skipActions,
  useRunnerSuite,
  waitDeploymentDone,
} from './runner-fixture.ts';
import { notReadyStatus, recordKubeletEvent, waitForKwokPods, writeKubeletStatus } from './kubelet-double.ts';

const DIAGNOSE = { type: 'diagnose', maxBytes: 4096 } as const;
const catalog = mergeCatalogs(dispatchMessages, actionMessages, diagnoseMessages);

/** The reply as a chat user reads it (English). */
function reply(out: ActionOutcome): string {
  return renderOutcome(out, (m) => formatMessage(catalog, 'en', m), '').markdown;
}

function causes(out: ActionOutcome): string[] {
  return (out.blocks ?? []).map((b) => b.heading?.key ?? '').filter((k) => k.startsWith('diagnose.cause.'));
}

function withTemplate(d: k8s.V1Deployment, change: (spec: k8s.V1PodSpec) => void): k8s.V1Deployment {
  const spec = d.spec?.template.spec;
  if (spec) change(spec);
  return d;
}

async function createDeployment(body: k8s.V1Deployment): Promise<void> {
  await getTestCluster().apps.createNamespacedDeployment({ namespace: body.metadata?.namespace ?? '', body });
}

describe.skipIf(skipActions)('diagnose action', () => {
  const suite = useRunnerSuite('diagnose');
  const marker = `m${Date.now()}`;
  const run = (name: string): Promise<ActionOutcome> =>
    suite.runner.run(DIAGNOSE, contextFor('Deployment', suite.ns, name));
  const eventuallyDiagnosed = (name: string, cause: string): Promise<ActionOutcome> =>
    eventually(`${name} diagnosed as ${cause}`, async () => {
      const out = await run(name);
      return causes(out)[0] === `diagnose.cause.${cause}` ? out : undefined;
    });

  beforeAll(async () => {
    const ns = suite.ns;
    const { core } = getTestCluster();
    await createDeployment(deploymentManifest('healthy', ns, 2));
    await core.createNamespacedService({
      namespace: ns,
      body: { metadata: { name: 'healthy' }, spec: { selector: { app: 'healthy' }, ports: [{ port: 80 }] } },
    });
    await createDeployment(deploymentManifest('pull', ns, 1));
    await createDeployment(
      withTemplate(deploymentManifest('oom', ns, 1), (s) => {
        s.containers[0] = { ...s.containers[0], name: 'app', resources: { limits: { memory: '64Mi' } } };
      }),
    );
    await createDeployment(deploymentManifest('crash', ns, 1));
    await createDeployment(
      withTemplate(deploymentManifest('config', ns, 1), (s) => {
        s.containers[0] = {
          ...s.containers[0],
          name: 'app',
          envFrom: [{ configMapRef: { name: 'missing-config' } }],
        };
      }),
    );
    await createDeployment(
      withTemplate(deploymentManifest('probe', ns, 1), (s) => {
        s.containers[0] = {
          ...s.containers[0],
          name: 'app',
          readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5 },
        };
      }),
    );
    await core.createNamespacedService({
      namespace: ns,
      body: { metadata: { name: 'probe' }, spec: { selector: { app: 'probe' }, ports: [{ port: 80 }] } },
    });
    await createDeployment(
      withTemplate(deploymentManifest('huge', ns, 1), (s) => {
        s.containers[0] = {
          ...s.containers[0],
          name: 'app',
          resources: { requests: { memory: '64Ti', cpu: '1' } },
        };
      }),
    );
    await core.createNamespacedPersistentVolumeClaim({
      namespace: ns,
      body: {
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      },
    });
    await createDeployment(
      withTemplate(deploymentManifest('claim', ns, 1), (s) => {
        s.volumes = [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }];
      }),
    );
    const stuck = deploymentManifest('stuck', ns, 1);
    if (stuck.spec) stuck.spec.progressDeadlineSeconds = 3;
    await createDeployment(
      withTemplate(stuck, (s) => (s.nodeSelector = { 'kubetalk.io/no-such-node': 'x' })),
    );

    // Written as the kubelet would, once kwok has run each pod (see kubelet-double.ts).
    const [pull] = await waitForKwokPods(ns, 'pull', 1);
    if (!pull) throw new Error('no pod');
    await writeKubeletStatus(ns, pull.metadata?.name ?? '', (p) =>
      notReadyStatus(p, 'Pending', {
        state: {
          waiting: {
            reason: 'ImagePullBackOff',
            message: 'Back-off pulling image "registry.example/pull:1"',
          },
        },
      }),
    );
    await recordKubeletEvent(
      pull,
      'Failed',
      'Failed to pull image "registry.example/pull:1": rpc error: code = NotFound desc = failed to pull and unpack image "registry.example/pull:1": failed to resolve reference "registry.example/pull:1": registry.example/pull:1: not found',
      { count: 3 },
    );
    await recordKubeletEvent(pull, 'BackOff', 'Back-off pulling image "registry.example/pull:1"', {
      count: 9,
    });

    const [oom] = await waitForKwokPods(ns, 'oom', 1);
    if (!oom) throw new Error('no pod');
    await writeKubeletStatus(ns, oom.metadata?.name ?? '', (p) =>
      notReadyStatus(p, 'Running', {
        restartCount: 5,
        state: {
          waiting: { reason: 'CrashLoopBackOff', message: 'back-off 2m40s restarting failed container=app' },
        },
        lastState: {
          terminated: { reason: 'OOMKilled', exitCode: 137, startedAt: new Date(), finishedAt: new Date() },
        },
      }),
    );
    await recordKubeletEvent(oom, 'BackOff', 'Back-off restarting failed container app', { count: 5 });

    // kwok serves this file as the previous log of every `app` container; the marker makes the tail ours.
    appendFileSync(
      (getTestCluster().state.logFiles['app'] ?? '').replace(/\.log$/, '.previous.log'),
      `2026-01-01T00:00:00Z stderr F ${marker} panic: cannot open /data/db: permission denied\n`,
    );
    const [crash] = await waitForKwokPods(ns, 'crash', 1);
    if (!crash) throw new Error('no pod');
    await writeKubeletStatus(ns, crash.metadata?.name ?? '', (p) =>
      notReadyStatus(p, 'Running', {
        restartCount: 3,
        state: {
          waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container=app' },
        },
        lastState: {
          terminated: { reason: 'Error', exitCode: 2, startedAt: new Date(), finishedAt: new Date() },
        },
      }),
    );

    const [config] = await waitForKwokPods(ns, 'config', 1);
    if (!config) throw new Error('no pod');
    await writeKubeletStatus(ns, config.metadata?.name ?? '', (p) =>
      notReadyStatus(p, 'Pending', {
        state: {
          waiting: { reason: 'CreateContainerConfigError', message: 'configmap "missing-config" not found' },
        },
      }),
    );
    await recordKubeletEvent(config, 'Failed', 'Error: configmap "missing-config" not found', { count: 4 });

    const [probe] = await waitForKwokPods(ns, 'probe', 1);
    if (!probe) throw new Error('no pod');
    await writeKubeletStatus(ns, probe.metadata?.name ?? '', (p) =>
      notReadyStatus(p, 'Running', { started: true, state: { running: { startedAt: new Date() } } }),
    );
    await recordKubeletEvent(
      probe,
      'Unhealthy',
      'Readiness probe failed: HTTP probe failed with statuscode: 503',
      {
        count: 12,
      },
    );
  });

  it('reports a healthy workload healthy', async () => {
    await waitDeploymentDone(suite.ns, 'healthy');
    // The EndpointSlice controller is real: wait until the Service has its endpoints before calling it healthy.
    const out = await eventually('healthy diagnosis', async () => {
      const o = await run('healthy');
      return o.summary.key === 'diagnose.healthy' ? o : undefined;
    });
    expect(out.blocks).toEqual([]);
    expect(reply(out)).toContain(`deployment/healthy in ${suite.ns} is healthy: 2/2 ready`);
  });

  it('names an image that cannot be pulled, with the registry answer as evidence', async () => {
    const out = await eventuallyDiagnosed('pull', 'image-not-found');
    const text = reply(out);
    expect(text).toContain('Image registry.example/pull:1 cannot be pulled: not found');
    expect(text).toContain('registry.example/pull:1: not found');
    expect(text).toMatch(/pods: pull-/);
  });

  it('names a crash loop ending in OOMKilled, with the memory limit, and reads no log for it', async () => {
    const out = await eventuallyDiagnosed('oom', 'crash-loop-oom');
    const text = reply(out);
    expect(text).toContain('OOMKilled (exit code 137) at its memory limit 64Mi; 5 restarts');
    expect(text).toContain('last terminated OOMKilled (exit code 137)');
    expect(out.blocks?.some((b) => b.heading?.key.startsWith('diagnose.log'))).toBe(false);
  });

  it("shows the previous container's log under a crash that is not an OOM", async () => {
    const out = await eventuallyDiagnosed('crash', 'crash-loop');
    const text = reply(out);
    expect(text).toContain('last exit Error, exit code 2; 3 restarts');
    expect(text).toContain('Previous log of crash-');
    expect(text).toContain(`${marker} panic: cannot open /data/db`);
  });

  it('names an unschedulable pod with the scheduler reason and the requests (real scheduler)', async () => {
    const out = await eventuallyDiagnosed('huge', 'unschedulable-resources');
    const text = reply(out);
    // The API server returns resource maps sorted by key.
    expect(text).toContain('no node has enough memory for their requests (cpu 1, memory 64Ti)');
    expect(text).toMatch(/FailedScheduling .*Insufficient memory/);
  });

  it('names a missing ConfigMap behind CreateContainerConfigError', async () => {
    const out = await eventuallyDiagnosed('config', 'configmap-missing');
    const text = reply(out);
    expect(text).toContain('ConfigMap missing-config is missing');
    expect(text).toContain('waiting CreateContainerConfigError: configmap "missing-config" not found');
  });

  it('names a claim that never binds, ahead of the pod it keeps pending (real PV binder and scheduler)', async () => {
    const out = await eventuallyDiagnosed('claim', 'pvc-pending');
    expect(causes(out)).toContain('diagnose.cause.unschedulable-volume');
    const text = reply(out);
    expect(text).toContain('PersistentVolumeClaim data is not bound (phase Pending, storage class none)');
    expect(text).toContain('no persistent volumes available for this claim and no storage class is set');
  });

  it('names a failing readiness probe, and the Service it leaves without endpoints (real EndpointSlices)', async () => {
    const out = await eventually('probe and service diagnosed', async () => {
      const o = await run('probe');
      return causes(o).includes('diagnose.cause.service-no-endpoints') ? o : undefined;
    });
    expect(causes(out)[0]).toBe('diagnose.cause.readiness-probe-failed');
    const text = reply(out);
    expect(text).toContain('Running but not ready: the readiness probe fails');
    expect(text).toContain('Unhealthy (×12');
    expect(text).toContain('statuscode: 503');
    expect(text).toContain('Service probe has no ready endpoints');
  });

  it('names a rollout past its progress deadline (set by the real controller-manager), with its cause', async () => {
    const out = await eventually(
      'deadline diagnosed',
      async () => {
        const o = await run('stuck');
        return causes(o).includes('diagnose.cause.progress-deadline') ? o : undefined;
      },
      90_000,
    );
    expect(causes(out)[0]).toBe('diagnose.cause.unschedulable-affinity');
    const text = reply(out);
    // The pod exists (so it counts as updated) but never becomes available.
    expect(text).toMatch(/The rollout exceeded its progress deadline \(3 s\): [01]\/1 updated/);
    expect(text).toContain('ProgressDeadlineExceeded');
  });
});

describe.skipIf(skipActions)('diagnose with a runner that may not read events', () => {
  let ns = '';
  beforeAll(async () => {
    ns = await createRunnerNamespace('diagnose-noev', { rbac: false });
    const { kc } = getTestCluster();
    const rbac = kc.makeApiClient(k8s.RbacAuthorizationV1Api);
    // Exactly the runner's rules, minus events.
    const rules = RUNNER_ROLE_RULES.map((r) => ({
      ...r,
      resources: (r.resources ?? []).filter((x) => x !== 'events'),
    }));
    await rbac.createNamespacedRole({ namespace: ns, body: { metadata: { name: RUNNER_NAME }, rules } });
    await rbac.createNamespacedRoleBinding({
      namespace: ns,
      body: {
        metadata: { name: RUNNER_NAME },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: RUNNER_NAME },
        subjects: [{ kind: 'ServiceAccount', name: RUNNER_NAME, namespace: ns }],
      },
    });
    const probe = createRunnerClients((await getController()).kc, { namespace: ns, runnerName: RUNNER_NAME });
    await eventually('runner RBAC in effect', async () => {
      await probe.core.listNamespacedService({ namespace: ns });
      return true;
    });
    await createDeployment(deploymentManifest('web', ns, 1));
    const [pod] = await waitForKwokPods(ns, 'web', 1);
    if (!pod) throw new Error('no pod');
    await writeKubeletStatus(ns, pod.metadata?.name ?? '', (p) =>
      notReadyStatus(p, 'Running', {
        restartCount: 2,
        state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off' } },
        lastState: { terminated: { reason: 'Error', exitCode: 1, finishedAt: new Date() } },
      }),
    );
  });
  afterAllDelete(() => ns);

  it('says it could not read events, and still names what the pods show', async () => {
    const runner = await createRunner();
    const out = await eventually('crash seen', async () => {
      const o = await runner.run(DIAGNOSE, contextFor('Deployment', ns, 'web'));
      return causes(o)[0] === 'diagnose.cause.crash-loop' ? o : undefined;
    });
    expect(out.summary.key).toBe('diagnose.found');
    const text = reply(out);
    expect(text).toContain('Cannot determine: not permitted to read events');
    expect(text).toContain('403 Forbidden: events');
  });
});

function afterAllDelete(ns: () => string): void {
  afterAll(async () => {
    if (ns()) await deleteTestNamespace(ns());
  });
}
