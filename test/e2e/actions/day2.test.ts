// Day-2 actions on the real control plane: a Job from a CronJob and its follow-up, suspend/resume, pause/resume, pods
// and events views, and a runner without the verbs. kwok runs the pods: its default `pod-complete` stage moves a
// running pod owned by a Job to Succeeded, so a Job completes by itself. kwok never fails a pod, so the failure test
// writes the pod's status as the kubelet would (phase Failed, container terminated with exit code 1).
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as k8s from '@kubernetes/client-node';
import { describe, expect, it, onTestFinished } from 'vitest';
import { RUNNER_ROLE_RULES } from '../../../src/actions/runner-rbac.ts';
import type { ActionRequest } from '../../../src/actions/types.ts';
import { parseArguments } from '../../../src/commands/parse-arguments.ts';
import { tokenize } from '../../../src/commands/tokenize.ts';
import { makeCommand } from '../../unit/api/support/make-command.ts';
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
  rejectionMessage,
  RUNNER_NAME,
  skipActions,
  useRunnerSuite,
  waitDeploymentDone,
} from './runner-fixture.ts';

function apps(): k8s.AppsV1Api {
  return getTestCluster().apps;
}

function batchApi(): k8s.BatchV1Api {
  return getTestCluster().kc.makeApiClient(k8s.BatchV1Api);
}

function cronJobManifest(name: string, namespace: string, extra: Partial<k8s.V1PodSpec> = {}): k8s.V1CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      // Never due on its own during a test: only chat creates Jobs here.
      schedule: '0 0 1 1 *',
      jobTemplate: {
        metadata: { labels: { app: name, team: 'db' } },
        spec: {
          backoffLimit: 0,
          template: {
            metadata: { labels: { app: name } },
            spec: {
              restartPolicy: 'Never',
              containers: [
                { name: 'migrate', image: 'registry.example/migrate:1', env: [{ name: 'KEEP', value: '1' }] },
                { name: 'sidecar', image: 'registry.example/proxy:1' },
              ],
              ...extra,
            },
          },
        },
      },
    },
  };
}

const jobRequest = (env: { name: string; value: string }[], timeoutSeconds = 60): ActionRequest => ({
  type: 'job',
  command: 'migrate',
  container: 'migrate',
  env,
  timeoutSeconds,
  logTailLines: 5,
  logMaxBytes: 2048,
});

const requester = { id: '0948351305695176', name: 'Li Lei' };

describe.skipIf(skipActions)('day-2 actions', () => {
  const suite = useRunnerSuite('day2');

  it('creates a Job from a CronJob with the parameter as env, owner and labels; kwok completes it; a follow-up says so', async () => {
    const batch = batchApi();
    const cj = await batch.createNamespacedCronJob({
      namespace: suite.ns,
      body: cronJobManifest('db-migrate', suite.ns),
    });
    const ctx = { ...contextFor('CronJob', suite.ns, 'db-migrate'), requester };
    const out = await suite.runner.run(jobRequest([{ name: 'TARGET_VERSION', value: 'v1.2.3' }]), ctx);
    expect(out.ok).toBe(true);
    expect(out.summary.key).toBe('action.job.created');
    const jobName = String(out.summary.params?.['job']);
    expect(jobName).toMatch(/^db-migrate-chat-[a-z0-9]{5}$/);
    const job = await batch.readNamespacedJob({ name: jobName, namespace: suite.ns });
    expect(job.metadata?.ownerReferences).toEqual([
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        name: 'db-migrate',
        uid: cj.metadata?.uid,
        controller: true,
      },
    ]);
    expect(job.metadata?.labels).toMatchObject({
      team: 'db',
      'kubetalk.io/command': 'migrate',
      'kubetalk.io/requested-by': requester.id,
    });
    expect(job.metadata?.annotations).toMatchObject({
      'cronjob.kubernetes.io/instantiate': 'manual',
      'kubetalk.io/requested-by': requester.id,
      'kubetalk.io/requested-by-name': 'Li Lei',
    });
    const containers = job.spec?.template.spec?.containers ?? [];
    expect(containers.map((c) => [c.name, c.env])).toEqual([
      [
        'migrate',
        [
          { name: 'KEEP', value: '1' },
          { name: 'TARGET_VERSION', value: 'v1.2.3' },
        ],
      ],
      ['sidecar', undefined],
    ]);
    const follow = await out.followUp;
    expect(follow?.ok).toBe(true);
    expect(follow?.summary).toMatchObject({ key: 'action.job.succeeded', params: { job: jobName } });
    // The CronJob itself is unchanged by the run.
    const after = await batch.readNamespacedCronJob({ name: 'db-migrate', namespace: suite.ns });
    expect(after.spec?.jobTemplate.spec?.template.spec?.containers[0]?.env).toEqual([
      { name: 'KEEP', value: '1' },
    ]);
  });

  it('refuses a bad parameter in chat before anything is created', async () => {
    const command = makeCommand({
      namespace: suite.ns,
      trigger: 'migrate',
      targets: { kind: 'CronJob', names: ['db-migrate'] },
      action: {
        job: { parameters: [{ name: 'version', env: 'TARGET_VERSION', pattern: 'v[0-9.]+', maxLength: 16 }] },
      },
    });
    const before = await batchApi().listNamespacedJob({ namespace: suite.ns });
    for (const text of [
      'db-migrate --version=latest',
      'db-migrate --image=evil',
      'db-migrate --version=$(id)',
    ]) {
      const r = parseArguments(command, tokenize(text));
      expect(r.ok, text).toBe(false);
    }
    const after = await batchApi().listNamespacedJob({ namespace: suite.ns });
    expect(after.items.length).toBe(before.items.length);
  });

  it('reports a failed Job with the failed pod and its container, bounded', async () => {
    const { core } = getTestCluster();
    const batch = batchApi();
    // Pinned to a node no kubelet (and no kwok) runs, so only this test writes the pod's status.
    await batch.createNamespacedCronJob({
      namespace: suite.ns,
      body: cronJobManifest('report', suite.ns, { nodeName: 'kubetalk-no-such-node' }),
    });
    const out = await suite.runner.run(jobRequest([{ name: 'DAY', value: '3' }], 90), {
      ...contextFor('CronJob', suite.ns, 'report'),
      requester,
    });
    const jobName = String(out.summary.params?.['job']);
    const pod = await eventually('the Job has a pod', async () => {
      const pods = await core.listNamespacedPod({
        namespace: suite.ns,
        labelSelector: `batch.kubernetes.io/job-name=${jobName}`,
      });
      return pods.items[0];
    });
    const now = new Date();
    await core.replaceNamespacedPodStatus({
      name: pod.metadata?.name ?? '',
      namespace: suite.ns,
      body: {
        ...pod,
        status: {
          ...pod.status,
          phase: 'Failed',
          containerStatuses: [
            {
              name: 'migrate',
              image: 'registry.example/migrate:1',
              imageID: '',
              ready: false,
              restartCount: 0,
              state: { terminated: { exitCode: 1, reason: 'Error', startedAt: now, finishedAt: now } },
            },
            {
              name: 'sidecar',
              image: 'registry.example/proxy:1',
              imageID: '',
              ready: false,
              restartCount: 0,
              state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: now, finishedAt: now } },
            },
          ],
        },
      },
    });
    const follow = await out.followUp;
    expect(follow?.ok).toBe(false);
    expect(follow?.summary).toMatchObject({
      key: 'action.job.failed',
      params: { job: jobName, reason: 'BackoffLimitExceeded' },
    });
    // No kubelet serves this pod's log: the block says so, with the pod and the failed container.
    expect(follow?.blocks?.[0]?.heading).toMatchObject({
      params: { pod: pod.metadata?.name, container: 'migrate', detail: 'Error, exit code 1' },
    });
    expect(follow?.blocks?.[0]?.text.length).toBeLessThanOrEqual(2048);
  });

  it('says when a Job is still running after the time limit', async () => {
    const batch = batchApi();
    await batch.createNamespacedCronJob({
      namespace: suite.ns,
      body: cronJobManifest('slow', suite.ns, { nodeName: 'kubetalk-no-such-node' }),
    });
    const out = await suite.runner.run(jobRequest([], 2), contextFor('CronJob', suite.ns, 'slow'));
    const follow = await out.followUp;
    expect(follow).toMatchObject({ ok: false, summary: { key: 'action.job.still-running' } });
  });

  it('suspends and resumes a CronJob, changing spec.suspend only', async () => {
    const batch = batchApi();
    await batch.createNamespacedCronJob({ namespace: suite.ns, body: cronJobManifest('nightly', suite.ns) });
    const before = await batch.readNamespacedCronJob({ name: 'nightly', namespace: suite.ns });
    const ctx = contextFor('CronJob', suite.ns, 'nightly');
    expect((await suite.runner.run({ type: 'cronjob-suspend' }, ctx)).summary.key).toBe(
      'action.cronjob.suspended',
    );
    const suspended = await batch.readNamespacedCronJob({ name: 'nightly', namespace: suite.ns });
    expect(suspended.spec).toEqual({ ...before.spec, suspend: true });
    expect((await suite.runner.run({ type: 'cronjob-suspend' }, ctx)).summary.key).toBe(
      'action.cronjob.already-suspended',
    );
    expect((await suite.runner.run({ type: 'cronjob-resume' }, ctx)).summary.key).toBe(
      'action.cronjob.resumed',
    );
    const resumed = await batch.readNamespacedCronJob({ name: 'nightly', namespace: suite.ns });
    expect(resumed.spec).toEqual({ ...before.spec, suspend: false });
  });

  it('pauses and resumes a Deployment rollout, changing spec.paused only', async () => {
    const { apps } = getTestCluster();
    await apps.createNamespacedDeployment({
      namespace: suite.ns,
      body: deploymentManifest('web', suite.ns, 2),
    });
    const before = await waitDeploymentDone(suite.ns, 'web');
    const ctx = contextFor('Deployment', suite.ns, 'web');
    expect((await suite.runner.run({ type: 'pause' }, ctx)).summary.key).toBe('action.pause.paused');
    const paused = await apps.readNamespacedDeployment({ name: 'web', namespace: suite.ns });
    expect(paused.spec).toEqual({ ...before.spec, paused: true });
    expect((await suite.runner.run({ type: 'pause' }, ctx)).summary.key).toBe('action.pause.already-paused');
    expect((await suite.runner.run({ type: 'resume' }, ctx)).summary.key).toBe('action.pause.resumed');
    const resumed = await apps.readNamespacedDeployment({ name: 'web', namespace: suite.ns });
    expect(resumed.spec?.paused ?? false).toBe(false);
    expect({ ...resumed.spec, paused: undefined }).toEqual({ ...before.spec, paused: undefined });
  });

  it('lists the pods of a workload and its Warning events, newest first', async () => {
    const { apps, core } = getTestCluster();
    await apps.createNamespacedDeployment({
      namespace: suite.ns,
      body: deploymentManifest('shop', suite.ns, 2),
    });
    await waitDeploymentDone(suite.ns, 'shop');
    const ctx = contextFor('Deployment', suite.ns, 'shop');
    const pods = await suite.runner.run({ type: 'pods', maxPods: 1 }, ctx);
    expect(pods.summary).toMatchObject({
      key: 'action.pods.summary-more',
      params: { total: 2, shown: 1, ready: 2 },
    });
    const table = pods.blocks?.[0]?.text ?? '';
    expect(table.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+NODE$/);
    expect(table.split('\n')[1]).toMatch(/^shop-\S+\s+1\/1\s+Running\s+0\s+\S+\s+kwok-node-\d$/);

    const [pod] = (await core.listNamespacedPod({ namespace: suite.ns, labelSelector: 'app=shop' })).items;
    const now = new Date();
    const warn = (name: string, reason: string, obj: k8s.V1ObjectReference, at: Date): k8s.CoreV1Event => ({
      metadata: { name, namespace: suite.ns },
      involvedObject: obj,
      type: 'Warning',
      reason,
      message: `${reason} happened`,
      count: 2,
      firstTimestamp: at,
      lastTimestamp: at,
      source: { component: 'kubetalk-test' },
    });
    const podRef = {
      kind: 'Pod',
      name: pod?.metadata?.name ?? '',
      namespace: suite.ns,
      uid: pod?.metadata?.uid ?? '',
    };
    await core.createNamespacedEvent({
      namespace: suite.ns,
      body: warn('e1', 'BackOff', podRef, new Date(now.getTime() - 60_000)),
    });
    await core.createNamespacedEvent({ namespace: suite.ns, body: warn('e2', 'Unhealthy', podRef, now) });
    await core.createNamespacedEvent({
      namespace: suite.ns,
      body: warn('e3', 'Other', { kind: 'Pod', name: 'stranger-1', namespace: suite.ns, uid: 'x' }, now),
    });
    const events = await suite.runner.run({ type: 'events', maxEvents: 10, sinceSeconds: 3600 }, ctx);
    expect(events.summary).toMatchObject({ key: 'action.events.summary', params: { shown: 2, total: 2 } });
    const lines = (events.blocks?.[0]?.text ?? '').split('\n');
    expect(lines[0]).toMatch(/Pod\/shop-\S+ Unhealthy ×2$/);
    expect(lines[2]).toMatch(/Pod\/shop-\S+ BackOff ×2$/);
  });

  it('refuses clearly when the runner lacks a verb, and creates nothing', async () => {
    const { kc } = getTestCluster();
    const ns = await createRunnerNamespace('day2-norbac', { rbac: false });
    onTestFinished(() => deleteTestNamespace(ns));
    const rbac = kc.makeApiClient(k8s.RbacAuthorizationV1Api);
    // Everything but creating Jobs and patching CronJobs.
    const rules = RUNNER_ROLE_RULES.filter((r) => !r.resources?.includes('jobs')).map((r) =>
      r.resources?.includes('cronjobs') ? { ...r, verbs: ['get'] } : r,
    );
    await rbac.createNamespacedRole({ namespace: ns, body: { metadata: { name: RUNNER_NAME }, rules } });
    await rbac.createNamespacedRoleBinding({
      namespace: ns,
      body: {
        metadata: { name: RUNNER_NAME },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: RUNNER_NAME },
        subjects: [{ kind: 'ServiceAccount', name: RUNNER_NAME, namespace: ns }],
      },
    });
    const batch = batchApi();
    await batch.createNamespacedCronJob({ namespace: ns, body: cronJobManifest('db-migrate', ns) });
    const ctx = contextFor('CronJob', ns, 'db-migrate');
    const runnerUser = `system:serviceaccount:${ns}:${RUNNER_NAME}`;
    const job = await eventually('runner RBAC in effect', async () => {
      const m = await rejectionMessage(suite.runner.run(jobRequest([]), ctx));
      return m.params?.['verb'] === 'create' ? m : undefined;
    });
    expect(job).toEqual({
      key: 'action.forbidden',
      params: { runner: runnerUser, verb: 'create', resource: 'jobs.batch', namespace: ns },
    });
    expect(await rejectionMessage(suite.runner.run({ type: 'cronjob-suspend' }, ctx))).toEqual({
      key: 'action.forbidden',
      params: { runner: runnerUser, verb: 'patch', resource: 'cronjobs.batch', namespace: ns },
    });
    expect((await batch.listNamespacedJob({ namespace: ns })).items).toEqual([]);
    expect((await batch.readNamespacedCronJob({ name: 'db-migrate', namespace: ns })).spec?.suspend).toBe(
      false,
    );
  });

  it('webhook: reads the Secret as the runner (only with get on that Secret) and calls a local Jenkins stand-in', async () => {
    const { core, kc } = getTestCluster();
    const seen: Array<{ auth: string | undefined; body: string }> = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ auth: req.headers.authorization, body });
        res.writeHead(201, { location: 'http://127.0.0.1/queue/item/9/' }).end();
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    onTestFinished(() => {
      server.closeAllConnections();
      server.close();
    });
    const port = (server.address() as AddressInfo).port;
    await apps().createNamespacedDeployment({
      namespace: suite.ns,
      body: deploymentManifest('api', suite.ns, 1),
    });
    await core.createNamespacedSecret({
      namespace: suite.ns,
      body: {
        metadata: { name: 'jenkins-deploy' },
        stringData: {
          url: `http://127.0.0.1:${port}/job/api/buildWithParameters`,
          headers: JSON.stringify({ Authorization: 'Bearer e2e-token' }),
        },
      },
    });
    // Loopback is allowed explicitly: the stand-in listens on 127.0.0.1.
    const runner = await createRunner({
      webhookPolicy: { allowedHosts: ['127.0.0.1'], allowAddressKinds: ['loopback'], allowHttp: true },
    });
    const request: ActionRequest = {
      type: 'webhook',
      secretName: 'jenkins-deploy',
      parameters: { branch: 'main' },
      bodyTemplate: 'APP={{name}}&BRANCH={{branch}}',
      encoding: 'form',
      timeoutSeconds: 5,
    };
    const ctx = contextFor('Deployment', suite.ns, 'api');
    // RUNNER_ROLE_RULES grants no Secret: a clear refusal naming the verb, and nothing sent.
    expect(await rejectionMessage(runner.run(request, ctx))).toMatchObject({
      key: 'action.forbidden',
      params: { verb: 'get', resource: 'secrets' },
    });
    expect(seen).toEqual([]);
    const rbac = kc.makeApiClient(k8s.RbacAuthorizationV1Api);
    await rbac.createNamespacedRole({
      namespace: suite.ns,
      body: {
        metadata: { name: 'kubetalk-runner-webhook' },
        rules: [
          { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['jenkins-deploy'] },
        ],
      },
    });
    await rbac.createNamespacedRoleBinding({
      namespace: suite.ns,
      body: {
        metadata: { name: 'kubetalk-runner-webhook' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'kubetalk-runner-webhook' },
        subjects: [{ kind: 'ServiceAccount', name: RUNNER_NAME, namespace: suite.ns }],
      },
    });
    const out = await eventually('runner may read the Secret', () =>
      runner.run(request, ctx).catch(() => undefined),
    );
    expect(out).toMatchObject({
      ok: true,
      summary: { key: 'action.webhook.done-link', params: { host: '127.0.0.1', status: 201 } },
    });
    expect(seen).toEqual([{ auth: 'Bearer e2e-token', body: 'APP=api&BRANCH=main' }]);
    expect(JSON.stringify(out)).not.toContain('e2e-token');
  });
});
