// Pure parts of the day-2 actions: the Job built from a CronJob, Job endings, pod rows and event selection.
import type { CoreV1Event, V1Job, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { pickFailedContainer, pickFailedPod, readJobEnd } from '../../../src/actions/follow-job.ts';
import { formatAge } from '../../../src/actions/format-age.ts';
import { inScope, renderEvents, selectEvents } from '../../../src/actions/event-rows.ts';
import {
  buildJobFromCronJob,
  generateJobName,
  requesterLabelValue,
  type RawCronJob,
} from '../../../src/actions/job-manifest.ts';
import { toPodRow } from '../../../src/actions/pod-rows.ts';
import { renderPodTable } from '../../../src/actions/pods-view.ts';
import { isUserFacingError } from '../../../src/errors.ts';

const cronJob: RawCronJob = {
  metadata: { name: 'db-migrate', uid: 'cj-uid' },
  spec: {
    jobTemplate: {
      metadata: { labels: { app: 'migrate' }, annotations: { team: 'db' } },
      spec: {
        backoffLimit: 1,
        // A field client-node may not know survives because the template is copied raw.
        podFailurePolicy: { rules: [] },
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [
              {
                name: 'migrate',
                image: 'migrate:1',
                env: [
                  { name: 'TARGET_VERSION', value: 'latest' },
                  { name: 'KEEP', value: '1' },
                ],
              },
              { name: 'sidecar', image: 'proxy:1' },
            ],
          },
        },
      },
    },
  },
};

describe('buildJobFromCronJob', () => {
  it('copies the template, owns the Job by the CronJob, says who asked and sets the parameters on the named container', () => {
    const job = buildJobFromCronJob(cronJob, 'shop', 'db-migrate-chat-abcde', {
      command: 'migrate',
      container: 'migrate',
      env: [{ name: 'TARGET_VERSION', value: 'v1.2.3' }],
      requester: { id: '0948351305695176', name: '李雷' },
    });
    expect(job).toMatchObject({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: 'db-migrate-chat-abcde',
        namespace: 'shop',
        labels: {
          app: 'migrate',
          'kubetalk.io/command': 'migrate',
          'kubetalk.io/requested-by': '0948351305695176',
        },
        annotations: {
          'cronjob.kubernetes.io/instantiate': 'manual',
          team: 'db',
          'kubetalk.io/requested-by': '0948351305695176',
          'kubetalk.io/requested-by-name': '李雷',
        },
        ownerReferences: [
          { apiVersion: 'batch/v1', kind: 'CronJob', name: 'db-migrate', uid: 'cj-uid', controller: true },
        ],
      },
      spec: { backoffLimit: 1, podFailurePolicy: { rules: [] } },
    });
    const containers = (job.spec as { template: { spec: { containers: unknown[] } } }).template.spec
      .containers;
    expect(containers).toEqual([
      {
        name: 'migrate',
        image: 'migrate:1',
        env: [
          { name: 'KEEP', value: '1' },
          { name: 'TARGET_VERSION', value: 'v1.2.3' },
        ],
      },
      { name: 'sidecar', image: 'proxy:1' },
    ]);
    // The CronJob itself is not changed.
    expect(cronJob.spec?.jobTemplate?.metadata?.labels).toEqual({ app: 'migrate' });
  });

  it('refuses parameters when the container is not in the template, or is ambiguous', () => {
    const build = (container?: string): unknown => {
      try {
        return buildJobFromCronJob(cronJob, 'shop', 'x', {
          command: 'm',
          env: [{ name: 'A', value: 'b' }],
          ...(container ? { container } : {}),
        });
      } catch (err) {
        return isUserFacingError(err) ? err.userMessage : err;
      }
    };
    expect(build('nope')).toEqual({
      key: 'action.job.container-not-found',
      params: { container: 'nope', containers: 'migrate, sidecar' },
    });
    expect(build()).toMatchObject({ key: 'action.job.container-not-found' });
  });

  it('generates names that fit a label value, and hashes sender ids that are not label values', () => {
    const long = 'a'.repeat(60);
    const name = generateJobName(long, () => 'xyz12');
    expect(name).toBe(`${'a'.repeat(52)}-chat-xyz12`);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(generateJobName('report').startsWith('report-chat-')).toBe(true);
    expect(generateJobName('report')).toMatch(/^report-chat-[a-z0-9]{5}$/);
    expect(requesterLabelValue('manager4711')).toBe('manager4711');
    expect(requesterLabelValue('$:LWCP_v1:$abc==')).toMatch(/^sha256-[0-9a-f]{32}$/);
  });
});

describe('Job endings', () => {
  const job = (conditions: { type: string; status: string; reason?: string; message?: string }[]): V1Job => ({
    status: { conditions },
  });

  it('reads Complete and Failed conditions, and nothing else, as the end', () => {
    expect(readJobEnd(job([]))).toBeUndefined();
    expect(readJobEnd(job([{ type: 'Suspended', status: 'True' }]))).toBeUndefined();
    expect(readJobEnd(job([{ type: 'Complete', status: 'True' }]))).toEqual({ state: 'succeeded' });
    expect(
      readJobEnd(
        job([
          {
            type: 'Failed',
            status: 'True',
            reason: 'BackoffLimitExceeded',
            message: 'Job has reached the specified backoff limit',
          },
        ]),
      ),
    ).toEqual({
      state: 'failed',
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
    });
  });

  it('explains a failure with the newest failed pod and its failed container', () => {
    const pod = (name: string, at: number, phase: string, exit?: number): V1Pod =>
      ({
        metadata: { name, creationTimestamp: new Date(at) },
        spec: { containers: [{ name: 'main' }, { name: 'side' }] },
        status: {
          phase,
          containerStatuses:
            exit === undefined
              ? []
              : [{ name: 'side', state: { terminated: { exitCode: exit, reason: 'Error' } } }],
        },
      }) as unknown as V1Pod;
    const pods = [pod('a', 1, 'Failed', 1), pod('b', 3, 'Running'), pod('c', 2, 'Failed', 2)];
    const chosen = pickFailedPod(pods);
    expect(chosen?.metadata?.name).toBe('c');
    expect(pickFailedContainer(chosen as V1Pod)).toEqual({ name: 'side', detail: 'Error, exit code 2' });
    expect(pickFailedContainer(pod('d', 1, 'Failed'))).toEqual({ name: 'main', detail: 'Failed' });
  });
});

describe('pods view', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  it('shows ready, status, restarts, age, node and the last termination, like kubectl', () => {
    const pod = {
      metadata: { name: 'web-1', creationTimestamp: new Date('2026-01-01T11:00:00Z') },
      spec: { nodeName: 'node-a', containers: [{ name: 'app' }, { name: 'proxy' }] },
      status: {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'app',
            ready: false,
            restartCount: 4,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: {
              terminated: {
                exitCode: 137,
                reason: 'OOMKilled',
                finishedAt: new Date('2026-01-01T11:58:00Z'),
              },
            },
          },
          { name: 'proxy', ready: true, restartCount: 0, state: { running: {} } },
        ],
      },
    } as unknown as V1Pod;
    const row = toPodRow(pod, now);
    expect(row).toEqual({
      name: 'web-1',
      ready: '1/2',
      status: 'CrashLoopBackOff',
      restarts: 4,
      age: '60m',
      node: 'node-a',
      lastTermination: 'app: OOMKilled (exit 137) 2m ago',
    });
    expect(renderPodTable([row])).toBe(
      [
        'NAME   READY  STATUS            RESTARTS  AGE  NODE',
        'web-1  1/2    CrashLoopBackOff  4         60m  node-a',
        '  last: app: OOMKilled (exit 137) 2m ago',
      ].join('\n'),
    );
  });

  it('formats ages as kubectl does', () => {
    expect([5, 119, 120, 7199, 7200, 172_799, 172_800].map(formatAge)).toEqual([
      '5s',
      '119s',
      '2m',
      '119m',
      '2h',
      '47h',
      '2d',
    ]);
  });
});

describe('events view', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  const ev = (
    name: string,
    kind: string,
    uid: string | undefined,
    minutesAgo: number,
    type = 'Warning',
  ): CoreV1Event => ({
    metadata: { name: `${name}.1` },
    involvedObject: { kind, name, ...(uid ? { uid } : {}) },
    type,
    reason: 'BackOff',
    message: 'Back-off restarting failed container',
    count: 3,
    lastTimestamp: new Date(now.getTime() - minutesAgo * 60_000),
  });
  const scope = { uids: new Set(['dep', 'rs', 'pod']), podPrefixes: ['web-rs-'] };

  it('keeps Warning events of the workload, its ReplicaSets and pods (gone ones by name), newest first, bounded', () => {
    const events = [
      ev('web', 'Deployment', 'dep', 30),
      ev('web-rs-abc', 'Pod', 'pod', 2),
      ev('web-rs-old', 'Pod', 'gone', 10),
      ev('other', 'Pod', 'x', 1),
      ev('web-rs', 'ReplicaSet', 'rs', 5, 'Normal'),
      ev('web', 'Deployment', 'dep', 90),
    ];
    const since = now.getTime() - 3600_000;
    const { shown, total } = selectEvents(events, scope, since, 2);
    expect(total).toBe(3);
    expect(shown.map((e) => e.involvedObject.name)).toEqual(['web-rs-abc', 'web-rs-old']);
    expect(inScope(ev('web-api-1', 'Pod', 'y', 1), scope)).toBe(false);
    expect(renderEvents(shown.slice(0, 1), now)).toBe(
      '2m Pod/web-rs-abc BackOff ×3\n  Back-off restarting failed container',
    );
  });
});
