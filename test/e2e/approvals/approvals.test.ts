// Dry runs, confirmation and two-person approval on the real control plane: previews change nothing, requests
// live as ChatRequest objects, and an action runs only once it was decided as the ChatCommand says.
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
  createRunner,
  startChatRig,
  waitForReady,
  type ChatRig,
} from '../../support/chat-harness.ts';
import {
  codeIn,
  GROUP,
  listRequests,
  readGeneration,
  readReplicas,
  readRequest,
  waitForState,
} from './approval-rig.ts';

const skip = clusterUnavailableReason() !== '';
const alice = { staffId: 'alice01', nick: 'Alice' };
const bob = { staffId: 'bob01', nick: 'Bob' };
const carol = { staffId: 'carol01', nick: 'Carol' };
const mallory = { staffId: 'mallory01', nick: 'Mallory' };

describe.skipIf(skip)('dry runs, confirmation and approvals', () => {
  let rig: ChatRig;
  let ns = '';
  const say = async (text: string, sender = alice) => {
    const { replies } = await rig.say(text, { conversationId: GROUP, sender });
    return replies.map((r) => r.text).join('\n---\n');
  };

  beforeAll(async () => {
    ns = await createTestNamespace('approvals');
    createRunner(ns);
    rig = await startChatRig([ns], {
      KUBETALK_APPROVAL_SWEEP_SECONDS: '1',
      // This file sends many messages as Alice in a minute; the limits have their own tests.
      KUBETALK_RATE_LIMIT_USER_PER_MINUTE: '0',
      KUBETALK_RATE_LIMIT_CONVERSATION_PER_MINUTE: '0',
    });
    const apps = getTestCluster().apps;
    await apps.createNamespacedDeployment({ namespace: ns, body: deploymentManifest('web', ns, 2) });
    const allow = { conversations: [GROUP], users: ['*'] };
    const target = { kind: 'Deployment', names: ['web'] };
    const commands = [
      {
        name: 'scale-web',
        spec: {
          trigger: 'scale',
          aliases: ['扩容'],
          targets: target,
          action: { scale: { minReplicas: 0, maxReplicas: 5 } },
          allow,
        },
      },
      {
        name: 'undo-web',
        spec: {
          trigger: 'undo',
          targets: target,
          action: { rollout: { operation: 'undo', timeoutSeconds: 30 } },
          allow,
        },
      },
      {
        name: 'restart-web',
        spec: {
          trigger: 'restart',
          targets: target,
          action: { rollout: { operation: 'restart', timeoutSeconds: 30 } },
          allow,
        },
      },
      {
        name: 'resize-confirm',
        spec: {
          trigger: 'resize',
          targets: target,
          action: { scale: { minReplicas: 0, maxReplicas: 5 } },
          allow,
          approval: { confirm: true, timeoutSeconds: 600 },
        },
      },
      {
        name: 'resize-quick',
        spec: {
          trigger: 'quick',
          targets: target,
          action: { scale: { minReplicas: 0, maxReplicas: 5 } },
          allow,
          approval: { confirm: true, timeoutSeconds: 5 },
        },
      },
      {
        name: 'bigscale',
        spec: {
          trigger: 'bigscale',
          targets: target,
          action: { scale: { minReplicas: 0, maxReplicas: 5 } },
          allow,
          approval: {
            approvers: { users: ['bob01', 'carol01', 'alice01'] },
            required: 2,
            timeoutSeconds: 600,
          },
        },
      },
    ];
    for (const c of commands) await applyChatCommand(rig, { name: c.name, namespace: ns, spec: c.spec });
    for (const c of commands) await waitForReady(rig, ns, c.name, 'Accepted');
  });
  afterAll(async () => {
    await rig?.stop();
    await deleteTestNamespace(ns);
  });

  it('previews a scale with --dry-run: the exact difference, and nothing changes', async () => {
    const generation = await readGeneration(ns, 'web');
    const text = await say('scale web 0 --dry-run');
    expect(text).toContain(`🔍 **would scale deployment/web in ${ns}: 2 → 0**`);
    expect(text).toContain('spec.replicas: 2 → 0');
    expect(text).toContain(
      'Dry run: the API server checked the request (admission and validation included); nothing was changed.',
    );
    expect(await readGeneration(ns, 'web')).toBe(generation);
    expect(await readReplicas(ns, 'web')).toBe(2);
    expect(await listRequests(ns)).toEqual([]);
  });

  it('answers the Chinese form in Chinese', async () => {
    const text = await say('扩容 web 1 预演');
    expect(text).toContain(`将扩缩 ${ns} 中的 deployment/web：2 → 1`);
    expect(text).toContain('预演：API 服务器已检查该请求');
    expect(await readReplicas(ns, 'web')).toBe(2);
  });

  it('refuses a dry run beyond the bounds like the real command, and changes nothing', async () => {
    const generation = await readGeneration(ns, 'web');
    const text = await say('scale web 9 --dry-run');
    expect(text).toContain('9');
    expect(text).not.toContain('🔍');
    expect(await readGeneration(ns, 'web')).toBe(generation);
  });

  it('previews restart and undo with the template difference they would make', async () => {
    const apps = getTestCluster().apps;
    // Revision 2 with another image, so undo has somewhere to go.
    await apps.patchNamespacedDeployment(
      {
        name: 'web',
        namespace: ns,
        body: {
          spec: { template: { spec: { containers: [{ name: 'app', image: 'registry.example/web:2' }] } } },
        },
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch),
    );
    await eventually('revision 2', async () =>
      (await apps.listNamespacedReplicaSet({ namespace: ns })).items.length >= 2 ? true : undefined,
    );
    const generation = await readGeneration(ns, 'web');
    const undo = await say('undo web --dry-run');
    expect(undo).toContain(`would roll deployment/web in ${ns} back to revision 1`);
    expect(undo).toContain(
      'spec.template.spec.containers［app］.image: "registry.example/web:2" → "registry.example/web:1"',
    );
    const restart = await say('restart web --dry-run');
    expect(restart).toContain(`would restart deployment/web in ${ns}`);
    expect(restart).toMatch(
      /spec\.template\.metadata\.annotations\.kubectl\.kubernetes\.io\/restartedAt: \(none\) → "\d{4}-/,
    );
    expect(await readGeneration(ns, 'web')).toBe(generation);
    const d = await apps.readNamespacedDeployment({ name: 'web', namespace: ns });
    expect(d.spec?.template?.spec?.containers[0]?.image).toBe('registry.example/web:2');
  });

  it('runs a confirm command only after the sender confirms, and only the sender can', async () => {
    const opened = await say('resize web 3');
    expect(opened).toContain('would scale deployment/web');
    expect(opened).toContain('Confirm within 10 min');
    const code = codeIn(opened);
    expect(opened).toContain(`[Confirm](dtmd://dingtalkclient/sendMessage?content=confirm%20${code})`);
    expect((await readRequest(ns, code)).status.state).toBe('Pending');
    expect(await readReplicas(ns, 'web')).toBe(2);
    expect(await say(`confirm ${code}`, bob)).toContain(
      `Sorry Bob, only Alice, who made request **${code}**, can do that.`,
    );
    expect(await readReplicas(ns, 'web')).toBe(2);
    const done = await say(`confirm ${code}`);
    expect(done).toContain(`scaled deployment/web in ${ns}: 2 → 3`);
    expect(await readReplicas(ns, 'web')).toBe(3);
    const req = await readRequest(ns, code);
    expect(req.status).toMatchObject({ state: 'Succeeded', approvals: [{ id: 'alice01', name: 'Alice' }] });
    expect(await say(`confirm ${code}`)).toContain(
      `Request **${code}** is already decided (Succeeded); nothing changed.`,
    );
  });

  it('does not run a confirm command after its time limit, and says so in the conversation', async () => {
    const { replies, body } = await rig.say('quick web 1', { conversationId: GROUP, sender: alice });
    const code = codeIn(replies[0]?.text ?? '');
    await waitForState(ns, code, 'Expired');
    const announced = await rig.webhook.waitForMessages(2, {
      session: body.sessionWebhook,
      timeoutMs: 30_000,
    });
    expect(announced[1]?.text).toContain(`Request **${code}**`);
    expect(announced[1]?.text).toContain('expired without a decision; nothing was run.');
    expect(await say(`confirm ${code}`)).toContain(`is already decided (Expired)`);
    expect(await readReplicas(ns, 'web')).toBe(3);
  });

  it('needs two other approvers: not the requester, not a stranger; then runs once', async () => {
    const opened = await say('bigscale web 4');
    const code = codeIn(opened);
    expect(opened).toContain(
      'Needs 2 approval(s) from bob01, carol01, alice01 within 10 min; the requester cannot approve it.',
    );
    expect(await say(`approve ${code}`)).toContain(
      `Sorry Alice, you cannot approve your own request **${code}**`,
    );
    expect(await say(`approve ${code}`, mallory)).toContain(
      `Sorry Mallory, you are not an approver of request **${code}**.`,
    );
    expect(await say(`approve ${code}`, bob)).toContain(
      `Bob approved request **${code}** (1 of 2); waiting for more approvals.`,
    );
    expect(await say(`approve ${code}`, bob)).toContain('You already approved request');
    expect(await readReplicas(ns, 'web')).toBe(3);
    const done = await say(`同意 ${code}`, carol);
    expect(done).toContain(`已扩缩 ${ns} 中的 deployment/web：3 → 4`);
    expect(await readReplicas(ns, 'web')).toBe(4);
    const req = await readRequest(ns, code);
    expect(req.status.state).toBe('Succeeded');
    expect(req.status.approvals?.map((a) => a.id)).toEqual(['bob01', 'carol01']);
    expect(req.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'ChatCommand', name: 'bigscale' });
  });

  it('stops at a rejection, and a wrong code changes nothing', async () => {
    const code = codeIn(await say('bigscale web 1'));
    expect(await say(`reject ${code}`, mallory)).toContain('you are not an approver');
    expect(await say(`reject ${code}`, bob)).toContain(
      `Request **${code}** was rejected by Bob; nothing was run.`,
    );
    expect(await say(`approve ${code}`, carol)).toContain('already decided (Rejected)');
    expect(await say('approve ZZZZZZ', carol)).toContain('there is no request **ZZZZZZ** here');
    expect(await say('approve 12', carol)).toContain('write the request code after the word');
    expect((await readRequest(ns, code)).status).toMatchObject({
      state: 'Rejected',
      decidedBy: { id: 'bob01' },
    });
    expect(await readReplicas(ns, 'web')).toBe(4);
  });

  it('refuses with a fresh preview when the target changed between preview and approval', async () => {
    const code = codeIn(await say('bigscale web 2'));
    await getTestCluster().apps.patchNamespacedDeployment(
      {
        name: 'web',
        namespace: ns,
        body: { spec: { template: { metadata: { annotations: { touched: 'yes' } } } } },
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    await say(`approve ${code}`, bob);
    const refused = await say(`approve ${code}`, carol);
    expect(refused).toContain(`Request **${code}** was refused: deployment/web changed since the preview`);
    expect(refused).toContain(`would scale deployment/web in ${ns}: 4 → 2`);
    expect((await readRequest(ns, code)).status).toMatchObject({
      state: 'Rejected',
      reason: 'TargetChanged',
    });
    expect(await readReplicas(ns, 'web')).toBe(4);
  });

  it('lets the requester cancel, and the objects tell the whole story', async () => {
    const code = codeIn(await say('bigscale web 0'));
    expect(await say(`cancel ${code}`, bob)).toContain('only Alice');
    expect(await say(`取消 ${code}`)).toContain(`请求 **${code}** 已被 Alice 取消`);
    const states = (await listRequests(ns)).map((r) => r.status.state).sort();
    expect(states).toEqual(['Cancelled', 'Expired', 'Rejected', 'Rejected', 'Succeeded', 'Succeeded']);
  });
});
