// The pure core: snapshots of broken workloads in, one ranked report per workload out.
import { describe, expect, it } from 'vitest';
import { buildReport, isHealthy } from '../../../../src/actions/diagnose/build-report.ts';
import type { Snapshot } from '../../../../src/actions/diagnose/types.ts';
import { ago, deployment, event, pod, podRef, running, snapshot, waiting } from './builders.ts';

const crashing = (name: string, reason: string, exitCode: number) =>
  pod(name, {
    status: {
      phase: 'Running',
      containerStatuses: [
        waiting('app', 'CrashLoopBackOff', 'back-off 40s restarting failed container', {
          restartCount: 4,
          lastState: { terminated: { reason, exitCode, finishedAt: ago(30) } },
        }),
      ],
    },
  });

describe('buildReport', () => {
  it('calls a workload with ready pods and no events healthy', () => {
    const r = buildReport(snapshot());
    expect(isHealthy(r)).toBe(true);
    expect(r.replicas).toMatchObject({ desired: 2, ready: 2 });
  });

  it('reports one crash-loop finding for all pods, with the OOM limit, and asks for no log of an OOM', () => {
    const r = buildReport(
      snapshot({
        pods: { ok: true, value: [crashing('web-1', 'OOMKilled', 137), crashing('web-2', 'OOMKilled', 137)] },
      }),
    );
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({
      cause: 'crash-loop-oom',
      pods: ['web-1', 'web-2'],
      params: { container: 'app', exitCode: 137, limit: '128Mi', restarts: 4 },
    });
    expect(r.findings[0]?.evidence[0]).toContain('last terminated OOMKilled (exit code 137)');
  });

  it('puts the image pull ahead of crash loop, and both ahead of the missed progress deadline', () => {
    const pulling = pod('web-new', {
      status: {
        phase: 'Pending',
        containerStatuses: [waiting('app', 'ImagePullBackOff', 'Back-off pulling image')],
      },
    });
    const events = [
      event(podRef('web-new'), 'Failed', 'Failed to pull image "registry.example/web:2": not found'),
      event(podRef('web-new'), 'BackOff', 'Back-off pulling image "registry.example/web:2"', {
        lastTimestamp: ago(1),
      }),
    ];
    const w = deployment(
      {
        conditions: [
          {
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message: 'ReplicaSet "web-2" has timed out progressing.',
          },
        ],
      },
      { progressDeadlineSeconds: 30 },
    );
    const r = buildReport(
      snapshot({
        workload: { kind: 'Deployment', obj: w },
        pods: { ok: true, value: [pulling, crashing('web-old', 'Error', 1)] },
        events: { ok: true, value: events },
      }),
    );
    expect(r.findings.map((f) => f.cause)).toEqual(['image-not-found', 'crash-loop', 'progress-deadline']);
    // Every recent event of the stage, not only the latest (a BackOff after the Failed must not hide it).
    expect(r.findings[0]?.evidence.join('\n')).toContain('not found');
    expect(r.findings[1]?.crashed).toEqual({ pod: 'web-old', container: 'app' });
    expect(r.findings[2]?.params).toMatchObject({ seconds: 30 });
  });

  it('names the scheduler reason with the requests, and the stuck claim behind an unbound volume first', () => {
    const big = pod('web-1', {
      spec: {
        nodeName: undefined,
        containers: [{ name: 'app', resources: { requests: { memory: '64Gi', cpu: '1' } } }],
      },
      status: {
        phase: 'Pending',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message: '0/1 nodes are available: 1 Insufficient memory.',
          },
        ],
      },
    });
    const r1 = buildReport(snapshot({ pods: { ok: true, value: [big] } }));
    expect(r1.findings[0]).toMatchObject({
      cause: 'unschedulable-resources',
      params: { resource: 'memory', requests: 'memory 64Gi, cpu 1' },
    });

    const waitsForClaim = pod('db-0', {
      spec: {
        nodeName: undefined,
        volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } }],
      },
      status: { phase: 'Pending' },
    });
    const events = [
      event(
        podRef('db-0'),
        'FailedScheduling',
        '0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims.',
        { lastTimestamp: undefined, eventTime: ago(20) },
      ),
      event(
        { kind: 'PersistentVolumeClaim', name: 'data-db-0', uid: 'pvc-1' },
        'FailedBinding',
        'no persistent volumes available for this claim and no storage class is set',
        { type: 'Normal' },
      ),
    ];
    const s: Snapshot = snapshot({
      pods: { ok: true, value: [waitsForClaim] },
      events: { ok: true, value: events },
      pvcs: new Map([
        [
          'data-db-0',
          {
            ok: true,
            value: { metadata: { name: 'data-db-0', uid: 'pvc-1' }, spec: {}, status: { phase: 'Pending' } },
          },
        ],
      ]),
    });
    const r2 = buildReport(s);
    expect(r2.findings.map((f) => f.cause)).toEqual(['pvc-pending', 'unschedulable-volume']);
    expect(r2.findings[0]?.evidence.join('\n')).toContain('no persistent volumes available');
  });

  it('names a missing ConfigMap from the kubelet, and a Service without ready endpoints', () => {
    const blocked = pod('web-1', {
      status: {
        phase: 'Pending',
        containerStatuses: [waiting('app', 'CreateContainerConfigError', 'configmap "web-config" not found')],
      },
    });
    const service = { metadata: { name: 'web' }, spec: { selector: { app: 'web' } } };
    const r = buildReport(
      snapshot({
        pods: { ok: true, value: [blocked] },
        services: {
          ok: true,
          value: [
            { service, slices: { ok: true, value: [{ endpoints: [{ conditions: { ready: false } }] }] } },
          ],
        },
      }),
    );
    expect(r.findings.map((f) => f.cause)).toEqual(['configmap-missing', 'service-no-endpoints']);
    expect(r.findings[0]?.dependency).toEqual({ kind: 'ConfigMap', name: 'web-config' });
    expect(r.findings[1]?.params).toMatchObject({ service: 'web', total: 1 });
  });

  it('names a failing readiness probe from all recent Unhealthy events', () => {
    const unready = pod('web-1', {
      status: { phase: 'Running', containerStatuses: [running('app', { ready: false })] },
    });
    const events = [
      event(podRef('web-1'), 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', {
        count: 9,
      }),
      event(podRef('web-1'), 'Pulled', 'Container image already present', {
        type: 'Normal',
        lastTimestamp: ago(1),
      }),
    ];
    const r = buildReport(
      snapshot({ pods: { ok: true, value: [unready] }, events: { ok: true, value: events } }),
    );
    expect(r.findings[0]).toMatchObject({ cause: 'readiness-probe-failed', pods: ['web-1'] });
    expect(r.findings[0]?.evidence[0]).toContain('statuscode: 503');
  });

  it('says what it could not read instead of guessing, and still uses what it could', () => {
    const unready = pod('web-1', {
      status: { phase: 'Running', containerStatuses: [running('app', { ready: false })] },
    });
    const forbidden = {
      ok: false as const,
      why: { reason: 'forbidden' as const, resource: 'events', code: 403 },
    };
    const r = buildReport(
      snapshot({ pods: { ok: true, value: [unready, crashing('web-2', 'Error', 3)] }, events: forbidden }),
    );
    expect(isHealthy(r)).toBe(false);
    expect(r.unknowns).toEqual([{ kind: 'not-permitted', resource: 'events' }]);
    expect(r.findings.map((f) => f.cause)).toEqual(['crash-loop']);
  });

  it('says events expired when a pod is stuck and no event explains it', () => {
    const unready = pod('web-1', {
      status: { phase: 'Running', containerStatuses: [running('app', { ready: false })] },
    });
    const r = buildReport(snapshot({ pods: { ok: true, value: [unready] } }));
    expect(r.findings).toEqual([]);
    expect(r.unknowns).toEqual([{ kind: 'events-expired', pods: ['web-1'], state: 'not-ready' }]);
  });

  it('treats a young pod without any event as starting, not as stuck', () => {
    const young = pod('web-1', {
      status: { phase: 'Pending', containerStatuses: [waiting('app', 'ContainerCreating')] },
    });
    const starting = { ...young, metadata: { ...young.metadata, creationTimestamp: ago(20) } };
    const r = buildReport(
      snapshot({
        pods: { ok: true, value: [starting] },
        workload: { kind: 'Deployment', obj: deployment({ readyReplicas: 1, availableReplicas: 1 }) },
      }),
    );
    expect(r.unknowns).toEqual([]);
    expect(r.findings.map((f) => f.cause)).toEqual(['replicas-unavailable']);
  });

  it('names pods that can never be created from the current ReplicaSet', () => {
    const rs = {
      metadata: { name: 'web-2', uid: 'rs-2', annotations: { 'deployment.kubernetes.io/revision': '2' } },
      status: {
        replicas: 0,
        conditions: [
          {
            type: 'ReplicaFailure',
            status: 'True',
            reason: 'FailedCreate',
            message:
              'pods "web-2-x" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=2, limited: pods=2',
          },
        ],
      },
    };
    const r = buildReport(
      snapshot({
        replicaSets: { ok: true, value: [rs] },
        pods: { ok: true, value: [] },
        workload: { kind: 'Deployment', obj: deployment({ readyReplicas: 0, availableReplicas: 0 }) },
      }),
    );
    expect(r.findings[0]).toMatchObject({
      cause: 'quota-exceeded',
      params: { quota: 'pods', creator: 'replicaset/web-2' },
    });
  });

  it('flags a recent crash of a pod that runs again, but not an old one', () => {
    const recent = pod('web-1', {
      status: {
        phase: 'Running',
        containerStatuses: [
          running('app', {
            restartCount: 1,
            lastState: { terminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: ago(120) } },
          }),
        ],
      },
    });
    const old = pod('web-2', {
      status: {
        phase: 'Running',
        containerStatuses: [
          running('app', {
            restartCount: 1,
            lastState: { terminated: { reason: 'Error', exitCode: 1, finishedAt: ago(3600) } },
          }),
        ],
      },
    });
    const r = buildReport(snapshot({ pods: { ok: true, value: [recent, old] } }));
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ cause: 'recent-oom', pods: ['web-1'], params: { limit: '128Mi' } });
  });
});
