// allow.kubernetesAccess on the real API server: ChatIdentities map chat users to Kubernetes users, and the cluster's
// own RBAC (SubjectAccessReview) decides, in addition to the allow list and the runner's rights.
import { randomBytes } from 'node:crypto';
import * as k8s from '@kubernetes/client-node';
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
  applyChatCommand,
  controllerKubeconfig,
  createRunner,
  startChatRig,
  waitForReady,
  type ChatRig,
} from '../../support/chat-harness.ts';
import { auditEvents, replicasOf, waitForAvailable } from '../../support/workloads.ts';
import { message } from '../../support/messages.ts';

const skip = clusterUnavailableReason() !== '';
const GROUP = 'cidE2EIdentitiesAAAAAA==';
const run = randomBytes(3).toString('hex');
const ALICE = { staffId: `alice-${run}`, nick: 'Alice' };
const BOB = { staffId: `bob-${run}`, nick: 'Bob' };
const CAROL = { staffId: `carol-${run}`, nick: 'Carol' };
const DAVE = { staffId: `dave-${run}`, nick: 'Dave' };
const ERIN = { staffId: `erin-${run}`, nick: 'Erin' };
const ERIN_UNION = `erinUnion${run}iEiE`;
const K8S = { alice: `alice-${run}@example.com`, bob: `bob-${run}@example.com`, erin: `erin-${run}` };
/** How chat shows a name: inert, so an "@" cannot read as a mention (issue 10). */
const shown = (name: string): string => name.replace('@', '＠');
const TEAM = `team-${run}`;
const IDENTITY_API = { group: 'kubetalk.io', version: 'v1alpha1', plural: 'chatidentities' } as const;

describe.skipIf(skip)('allow.kubernetesAccess: chat users as Kubernetes users', () => {
  let rig: ChatRig;
  let granted: string;
  let other: string;
  const identities: string[] = [];
  const custom = (): k8s.CustomObjectsApi => getTestCluster().kc.makeApiClient(k8s.CustomObjectsApi);
  const rbac = (): k8s.RbacAuthorizationV1Api =>
    getTestCluster().kc.makeApiClient(k8s.RbacAuthorizationV1Api);

  async function createIdentity(name: string, spec: Record<string, unknown>): Promise<void> {
    const full = `${name}-${run}`;
    identities.push(full);
    await custom().createClusterCustomObject({
      ...IDENTITY_API,
      body: { apiVersion: 'kubetalk.io/v1alpha1', kind: 'ChatIdentity', metadata: { name: full }, spec },
    });
  }

  async function identityReady(name: string, reason: string): Promise<{ status: string; message: string }> {
    return eventually(`ChatIdentity ${name} ${reason}`, async () => {
      const obj = (await custom().getClusterCustomObject({ ...IDENTITY_API, name: `${name}-${run}` })) as {
        status?: { conditions?: Array<{ type: string; status: string; reason: string; message: string }> };
      };
      const ready = obj.status?.conditions?.find((c) => c.type === 'Ready');
      return ready?.reason === reason ? ready : undefined;
    });
  }

  /** A Role allowing exactly `patch deployments/scale` in `namespace`, bound to a User or a Group. */
  async function grantScale(
    namespace: string,
    subject: { kind: 'User' | 'Group'; name: string },
  ): Promise<string> {
    const name = `chat-scale-${subject.kind.toLowerCase()}`;
    await rbac().createNamespacedRole({
      namespace,
      body: {
        metadata: { name },
        rules: [{ apiGroups: ['apps'], resources: ['deployments/scale'], verbs: ['patch'] }],
      },
    });
    await rbac().createNamespacedRoleBinding({
      namespace,
      body: {
        metadata: { name },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', ...subject }],
      },
    });
    return name;
  }

  const scaleCommand = (namespace: string, trigger: string, aliases: string[] = []) => ({
    name: 'rbac-scale',
    namespace,
    spec: {
      trigger,
      ...(aliases.length > 0 ? { aliases } : {}),
      targets: { kind: 'Deployment', names: ['web'] },
      action: { scale: { minReplicas: 1, maxReplicas: 5 } },
      allow: { conversations: [GROUP], users: ['*'], kubernetesAccess: true },
    },
  });

  const say = async (
    text: string,
    sender: { staffId: string; nick: string },
    extras: Record<string, unknown> = {},
  ) => (await rig.say(text, { conversationId: GROUP, sender, extras })).replies[0]?.text ?? '';

  beforeAll(async () => {
    granted = await createTestNamespace('rbac-yes');
    other = await createTestNamespace('rbac-no');
    rig = await startChatRig([granted, other], {
      KUBETALK_RATE_LIMIT_USER_PER_MINUTE: '0',
      KUBETALK_RATE_LIMIT_CONVERSATION_PER_MINUTE: '0',
      // Short, so "a removed RoleBinding takes effect within the cache time" is checked in seconds.
      KUBETALK_ACCESS_REVIEW_CACHE_SECONDS: '2',
    });
    for (const ns of [granted, other]) {
      createRunner(ns);
      await getTestCluster().apps.createNamespacedDeployment({
        namespace: ns,
        body: deploymentManifest('web', ns, 1),
      });
    }
    await applyChatCommand(rig, scaleCommand(granted, 'kscale'));
    // A trigger of its own: "kscale other" would meet kscale from the other namespace and be listed (issue 10).
    await applyChatCommand(rig, scaleCommand(other, 'kgrow', ['扩容其他']));
    await createIdentity('alice', { staffIds: [ALICE.staffId], user: K8S.alice });
    await createIdentity('bob', { staffIds: [BOB.staffId], user: K8S.bob, groups: [TEAM] });
    await createIdentity('erin', { unionIds: [ERIN_UNION], user: K8S.erin });
    await grantScale(granted, { kind: 'User', name: K8S.alice });
    await grantScale(other, { kind: 'Group', name: TEAM });
    await rbac().createNamespacedRoleBinding({
      namespace: granted,
      body: {
        metadata: { name: 'chat-scale-erin' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'chat-scale-user' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: K8S.erin }],
      },
    });
    for (const ns of [granted, other]) await waitForAvailable(ns, 'web', 1);
    await waitForReady(rig, granted, 'rbac-scale', 'Accepted');
    await waitForReady(rig, other, 'rbac-scale', 'Accepted');
    await identityReady('alice', 'Mapped');
  });
  afterAll(async () => {
    await rig?.stop();
    for (const name of identities)
      await custom()
        .deleteClusterCustomObject({ ...IDENTITY_API, name })
        .catch(() => undefined);
    for (const ns of [granted, other]) await deleteTestNamespace(ns);
  });

  it('shows the mapped Kubernetes identity in whoami, and in help only what RBAC allows', async () => {
    const whoami = await say('whoami', ALICE);
    expect(whoami).toContain(shown(K8S.alice));
    expect(whoami).toContain(`alice-${run}`);
    const help = await say('help', ALICE);
    expect(help).toContain('**kscale**');
    expect(help).not.toContain('kgrow');
    expect(await say('help', DAVE)).not.toContain('kscale');
  });

  it('scales where a RoleBinding grants the mapped user patch deployments/scale, and names both users in the Event', async () => {
    const reply = await say('kscale web 3', ALICE);
    const web = { kind: 'deployment', name: 'web', namespace: granted };
    expect(reply).toContain(message('action.scale.done', { ...web, from: 1, to: 3 }));
    await eventually('replicas 3', async () => ((await replicasOf(granted, 'web')) === 3 ? true : undefined));
    const event = await eventually('audit Event', async () =>
      (await auditEvents(granted, 'rbac-scale')).find((e) => e.reason === 'CommandSucceeded'),
    );
    expect(event.message).toContain(`Alice (${ALICE.staffId}) as Kubernetes user ${K8S.alice}`);
  });

  it('refuses the same sender in a namespace where RBAC does not allow it, naming the permission; nothing runs', async () => {
    const reply = await say('kgrow web 4', ALICE);
    expect(reply).toContain('patch deployments.apps/scale');
    expect(reply).toContain(shown(K8S.alice));
    expect(await replicasOf(other, 'web')).toBe(1);
    const denied = await eventually('Denied Event', async () =>
      (await auditEvents(other, 'rbac-scale')).find((e) => e.reason === 'CommandDenied'),
    );
    expect(denied.message).toContain(`may not patch deployments.apps/scale web in ${other}`);
  });

  it('answers in Chinese too', async () => {
    // A Chinese message gets the zh-CN refusal; the permission is still named.
    const reply = await say('扩容其他 web 4', ALICE);
    // The zh-CN refusal, word for word up to its first parameter this test does not pin (the permission).
    const zh = message('authz.denied', { name: 'Alice', user: K8S.alice, namespace: other }, 'zh-CN');
    expect(reply).toContain(zh.slice(0, zh.indexOf('{')));
    expect(reply).toContain('patch deployments.apps/scale');
  });

  it('lets a group binding decide (the mapped groups are part of the review)', async () => {
    const web = { kind: 'deployment', name: 'web', namespace: other };
    expect(await say('kgrow web 2', BOB)).toContain(message('action.scale.done', { ...web, from: 1, to: 2 }));
    await eventually('replicas 2', async () => ((await replicasOf(other, 'web')) === 2 ? true : undefined));
    expect(await say('kscale web 5', BOB)).toContain('patch deployments.apps/scale');
  });

  it('maps a sender by unionId as well', async () => {
    const from = (await replicasOf(granted, 'web')) ?? 0;
    const reply = await say('kscale web 2', ERIN, { senderUnionId: ERIN_UNION });
    const web = { kind: 'deployment', name: 'web', namespace: granted };
    expect(reply).toContain(message('action.scale.done', { ...web, from, to: 2 }));
  });

  it('refuses an unmapped sender, though the allow list admits everyone', async () => {
    const before = await replicasOf(granted, 'web');
    const reply = await say('kscale web 4', DAVE);
    expect(reply).toContain('not mapped');
    expect(reply).toContain(DAVE.staffId);
    expect(await replicasOf(granted, 'web')).toBe(before);
  });

  it('makes a staff id claimed by two ChatIdentities a visible conflict on both, and refuses that sender', async () => {
    await createIdentity('carol-a', { staffIds: [CAROL.staffId], user: `carol-${run}` });
    await createIdentity('carol-b', { staffIds: [CAROL.staffId], user: `admin-${run}` });
    await rbac().createNamespacedRoleBinding({
      namespace: granted,
      body: {
        metadata: { name: 'chat-scale-carol' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'chat-scale-user' },
        subjects: [
          { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: `carol-${run}` },
          { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: `admin-${run}` },
        ],
      },
    });
    const a = await identityReady('carol-a', 'Conflict');
    const b = await identityReady('carol-b', 'Conflict');
    expect(a.status).toBe('False');
    expect(a.message).toContain(`staffId ${CAROL.staffId} is also claimed by carol-b-${run}`);
    expect(b.message).toContain(`is also claimed by carol-a-${run}`);
    const before = await replicasOf(granted, 'web');
    const reply = await say('kscale web 4', CAROL);
    expect(reply).toContain('several ChatIdentities');
    expect(await replicasOf(granted, 'web')).toBe(before);
    const printed = getTestCluster().plane.kubectl(['get', 'chatid', `carol-a-${run}`]);
    expect(printed).toMatch(/USER\s+READY\s+REASON\s+AGE/);
    expect(printed).toMatch(/False\s+Conflict/);
  });

  it('stops allowing within the cache time once the RoleBinding is removed (polled, no fixed sleep)', async () => {
    expect(await say('kscale web 1', ALICE)).toMatch(/→ 1/);
    await rbac().deleteNamespacedRoleBinding({ name: 'chat-scale-user', namespace: granted });
    const removedAt = Date.now();
    const refusal = await eventually(
      'refused after the RoleBinding is gone',
      async () => {
        const reply = await say('kscale web 1', ALICE);
        return reply.includes('patch deployments.apps/scale') ? reply : undefined;
      },
      30_000,
    );
    expect(refusal).toContain(shown(K8S.alice));
    // The cache lives 2 s; RBAC's own informer adds well under a second on this plane. Generous, never flaky.
    expect(Date.now() - removedAt).toBeLessThan(15_000);
  });

  it("refuses the controller's own identity any change to ChatIdentities (it can only read them)", async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(controllerKubeconfig());
    const asController = kc.makeApiClient(k8s.CustomObjectsApi);
    const body = {
      apiVersion: 'kubetalk.io/v1alpha1',
      kind: 'ChatIdentity',
      metadata: { name: `sneaky-${run}` },
      spec: { staffIds: [DAVE.staffId], user: `sneaky-${run}` },
    };
    await expect(asController.createClusterCustomObject({ ...IDENTITY_API, body })).rejects.toMatchObject({
      code: 403,
    });
    await expect(
      asController.patchClusterCustomObject(
        { ...IDENTITY_API, name: `alice-${run}`, body: { spec: { user: 'hijack' } } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      ),
    ).rejects.toMatchObject({ code: 403 });
    await expect(
      asController.deleteClusterCustomObject({ ...IDENTITY_API, name: `alice-${run}` }),
    ).rejects.toMatchObject({ code: 403 });
    // Reading is what it may do.
    await asController.getClusterCustomObject({ ...IDENTITY_API, name: `alice-${run}` });
  });
});
