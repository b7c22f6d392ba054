// Two controller replicas: every one serves callbacks, one leads; a delivery runs once; a standby takes over.
import { CoordinationV1Api, type V1LeaseSpec } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clusterUnavailableReason,
  createTestNamespace,
  deleteTestNamespace,
  deploymentManifest,
  eventually,
  getTestCluster,
} from '../../support/cluster.ts';
import {
  adminClient,
  APP_SECRET,
  applyChatCommand,
  controllerEnv,
  controllerKubeconfig,
  createRunner,
  grantCoordination,
  installCrd,
  waitForReady,
} from '../../support/chat-harness.ts';
import {
  readMetric,
  startControllerProcess,
  type ControllerProcess,
} from '../../support/controller-process.ts';
import {
  createCallbackBuilder,
  sendCallback,
  startDingTalkWebhookServer,
  type DingTalkWebhookServer,
} from '../../support/dingtalk/index.ts';

const skip = clusterUnavailableReason() !== '';
const GROUP = 'cidReplicas==';

function metric(p: ControllerProcess, name: string, labels: Record<string, string> = {}): Promise<number> {
  return readMetric(p.internalUrl, name, labels);
}

describe.skipIf(skip)('two replicas', () => {
  let coordNs = '';
  let ns = '';
  let webhook: DingTalkWebhookServer;
  const replicas: ControllerProcess[] = [];
  const builder = createCallbackBuilder();

  beforeAll(async () => {
    installCrd();
    coordNs = await createTestNamespace('coord');
    ns = await createTestNamespace('replicas');
    grantCoordination(coordNs);
    createRunner(ns);
    webhook = await startDingTalkWebhookServer();
    await getTestCluster().apps.createNamespacedDeployment({
      namespace: ns,
      body: deploymentManifest('web', ns, 1),
    });
    const kubeconfig = controllerKubeconfig();
    for (const name of ['replica-a', 'replica-b']) {
      replicas.push(
        await startControllerProcess(
          controllerEnv(webhook.host, {
            KUBECONFIG: kubeconfig,
            KUBETALK_NAMESPACES: ns,
            KUBETALK_COORDINATION_NAMESPACE: coordNs,
            KUBETALK_LEASE_DURATION_SECONDS: '3',
            KUBETALK_RESYNC_SECONDS: '2',
            POD_NAME: name,
          }),
        ),
      );
    }
    await applyChatCommand(adminClient(), {
      name: 'restart-web',
      namespace: ns,
      spec: {
        trigger: 'restart',
        targets: { kind: 'Deployment', names: ['web'] },
        action: { rollout: { operation: 'restart', timeoutSeconds: 30 } },
        allow: { conversations: [GROUP], users: ['*'] },
      },
    });
  });
  afterAll(async () => {
    for (const r of replicas) await r.stop('SIGKILL');
    await webhook?.close();
    await deleteTestNamespace(ns);
    await deleteTestNamespace(coordNs);
  });

  /** The leader Lease's spec (KUBETALK_LEASE_NAME's default, in the coordination namespace). */
  const readLease = async (): Promise<V1LeaseSpec> => {
    const coordination = getTestCluster().kc.makeApiClient(CoordinationV1Api);
    return (
      (await coordination.readNamespacedLease({ name: 'kubetalk-leader', namespace: coordNs })).spec ?? {}
    );
  };

  /** Each replica's kubetalk_leader, once exactly one leads: polled, as on a starved machine a renewal can miss
   * its deadline and leadership briefly passes between them. */
  const leaderFlags = (): Promise<number[]> =>
    eventually('one leader', async () => {
      const l = await Promise.all(replicas.map((r) => metric(r, 'kubetalk_leader')));
      return [...l].sort().join() === '0,1' ? l : undefined;
    });

  it('elects exactly one leader, and only the leader writes status', async () => {
    await waitForReady(adminClient(), ns, 'restart-web', 'Accepted');
    await leaderFlags();
    // Each replica's own log says when it first led; no status write may come before that. (Not "while it leads":
    // a status pass checks leadership when it starts, so its last write may land just after a lost renewal.)
    for (const r of replicas) {
      let led = false;
      const early: string[] = [];
      for (const l of r.logs) {
        if (l['msg'] === 'became leader') led = true;
        else if (l['msg'] === 'status updated' && !led) early.push(JSON.stringify(l));
      }
      expect(early, 'status written by a replica that had never led').toEqual([]);
    }
    // And the status was written by one of them (every controller on the shared plane watches only its own
    // namespaces); the log line can trail the write the API server already shows.
    await eventually('a replica logged the status write', () =>
      Promise.resolve(
        replicas.some((r) => r.logs.some((l) => l['msg'] === 'status updated')) ? true : undefined,
      ),
    );
  });

  it('runs a message delivered to both replicas exactly once, with one reply', async () => {
    const rsBefore = (await getTestCluster().apps.listNamespacedReplicaSet({ namespace: ns })).items.length;
    const body = builder.buildGroupMessage({
      message: 'restart web',
      conversationId: GROUP,
      sender: { staffId: 'alice01', nick: 'Alice' },
      sessionWebhook: webhook.createSession(),
    });
    const results = await Promise.all(
      replicas.map((r) => sendCallback(`${r.publicUrl}/callbacks/dingtalk`, body, { secret: APP_SECRET })),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    await webhook.waitForMessages(1, { session: body.sessionWebhook, timeoutMs: 30_000 });
    // Each effect is awaited on its own (the Event, the new ReplicaSet and the loser's log line are all
    // asynchronous); then a pause gives a second run, if there were one, time to show itself.
    const succeeded = async (): Promise<number> =>
      (
        await getTestCluster().core.listNamespacedEvent({
          namespace: ns,
          fieldSelector: 'involvedObject.name=restart-web',
        })
      ).items.filter((e) => e.reason === 'CommandSucceeded').length;
    const replicaSets = async (): Promise<number> =>
      (await getTestCluster().apps.listNamespacedReplicaSet({ namespace: ns })).items.length;
    const skippedLines = (): number =>
      replicas
        .flatMap((r) => r.logs)
        .filter((l) => String(l['msg']).startsWith('duplicate delivery ignored (claimed by another replica)'))
        .length;
    await eventually('audit Event', async () => ((await succeeded()) >= 1 ? true : undefined));
    await eventually('new ReplicaSet', async () => ((await replicaSets()) > rsBefore ? true : undefined));
    await eventually('loser logged', () => Promise.resolve(skippedLines() >= 1 ? true : undefined));
    await new Promise((r) => setTimeout(r, 2000));
    // The first reply, and at most its own rollout follow-up: never a second run's replies.
    const texts = webhook.messages(body.sessionWebhook).map((m) => m.text);
    expect(texts.filter((t) => !/Update on/.test(t))).toHaveLength(1);
    expect(await succeeded()).toBe(1);
    expect(await replicaSets()).toBe(rsBefore + 1);
    expect(skippedLines()).toBe(1);
  });

  it('drops a captured signature replayed to the other replica with another body', async () => {
    const [a, b] = replicas;
    const first = builder.buildGroupMessage({
      message: 'help',
      conversationId: GROUP,
      sender: { staffId: 'alice01' },
      sessionWebhook: webhook.createSession(),
    });
    const sent = await sendCallback(`${a?.publicUrl ?? ''}/callbacks/dingtalk`, first, {
      secret: APP_SECRET,
    });
    expect(sent.status).toBe(200);
    await webhook.waitForMessages(1, { session: first.sessionWebhook, timeoutMs: 30_000 });
    const forged = builder.buildGroupMessage({
      message: 'restart web',
      conversationId: GROUP,
      sender: { staffId: 'mallory' },
      sessionWebhook: webhook.createSession(),
    });
    // Same timestamp and sign, other body, other replica: its memory has not seen the pair, the claim has.
    const replay = await sendCallback(`${b?.publicUrl ?? ''}/callbacks/dingtalk`, forged, {
      secret: APP_SECRET,
      timestamp: sent.request.timestamp,
      sign: sent.request.sign,
    });
    expect(replay.status).toBe(200);
    await eventually(
      'replay counted',
      async () =>
        (await metric(b as ControllerProcess, 'kubetalk_callbacks_total', { result: 'replayed' })) === 1
          ? true
          : undefined,
      10_000,
    );
    expect(webhook.messages(forged.sessionWebhook)).toHaveLength(0);
    // The same replica rejects the replay outright.
    const again = await sendCallback(`${a?.publicUrl ?? ''}/callbacks/dingtalk`, forged, {
      secret: APP_SECRET,
      timestamp: sent.request.timestamp,
      sign: sent.request.sign,
    });
    expect(again.status).toBe(401);
  });

  it('hands leadership to the standby within the lease when the leader dies', async () => {
    const leaders = await leaderFlags();
    const leader = replicas[leaders.indexOf(1)];
    const standby = replicas[leaders.indexOf(0)];
    const names = ['replica-a', 'replica-b'];
    const held = await readLease();
    expect(held.holderIdentity).toBe(names[leaders.indexOf(1)]);
    await leader?.stop('SIGKILL');
    await eventually(
      'standby leads',
      async () => ((await metric(standby as ControllerProcess, 'kubetalk_leader')) === 1 ? true : undefined),
      20_000,
    );
    // Proven by the Lease, not by a stopwatch: the standby holds it, took it over (one more transition) after
    // the dead leader's last renewal, and renews it.
    const taken = await readLease();
    expect(taken.holderIdentity).toBe(names[leaders.indexOf(0)]);
    expect(taken.leaseTransitions ?? 0).toBeGreaterThan(held.leaseTransitions ?? 0);
    expect(micros(taken.acquireTime)).toBeGreaterThan(micros(held.renewTime));
    const renewed = await eventually('a renewal by the new holder', async () => {
      const l = await readLease();
      return micros(l.renewTime) > micros(taken.renewTime) ? l : undefined;
    });
    expect(renewed.holderIdentity).toBe(taken.holderIdentity);
    // The new leader writes status: a new command becomes Ready.
    await applyChatCommand(adminClient(), {
      name: 'status-web',
      namespace: ns,
      spec: {
        trigger: 'status',
        targets: { kind: 'Deployment', names: ['web'] },
        action: { rollout: { operation: 'status' } },
        allow: { conversations: [GROUP], users: ['*'] },
      },
    });
    await waitForReady(adminClient(), ns, 'status-web', 'Accepted');
  });
});

/** A Lease's MicroTime as microseconds since the epoch, comparable across two reads. */
function micros(t: Date | string | undefined): number {
  if (t === undefined) return 0;
  const text = t instanceof Date ? t.toISOString() : t;
  const [whole = '', fraction = ''] = text.replace(/Z$/, '').split('.');
  return Date.parse(`${whole}Z`) * 1000 + Number(fraction.padEnd(6, '0').slice(0, 6));
}
