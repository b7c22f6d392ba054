// Two teams sharing one DingTalk group: one tenant never shadows, leaks to or speaks for another (issue 10).
import { appendFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInsideFence } from '../../src/platforms/dingtalk/truncate-markdown.ts';
import {
  clusterUnavailableReason,
  createTestNamespace,
  deleteTestNamespace,
  deploymentManifest,
  eventually,
  getTestCluster,
} from '../support/cluster.ts';
import {
  applyChatCommand,
  createRunner,
  startChatRig,
  waitForReady,
  type ChatRig,
} from '../support/chat-harness.ts';
import { readMetric } from '../support/controller-process.ts';
import { replicasOf, waitForAvailable } from '../support/workloads.ts';
import { message } from '../support/messages.ts';

const skip = clusterUnavailableReason() !== '';
const GROUP = 'cidE2ETenancyOpsGroup==';
const OTHER_GROUP = 'cidE2ETenancyOtherGroup==';
const ALICE = { staffId: 'alice-a', nick: 'Alice', isAdmin: false };
const BOB = { staffId: 'bob-b', nick: 'Bob', isAdmin: false };
const BOTH = { staffId: 'olga-ops', nick: 'Olga', isAdmin: false };
const MALLORY = { staffId: 'mallory9', nick: 'Mallory', isAdmin: false };
const TRUNCATION_NOTE = '…(truncated, 已截断)';

describe.skipIf(skip)('shared conversations and tenant text', () => {
  let rig: ChatRig;
  let teamA = '';
  let teamB = '';
  let intruder = '';
  let sneaky = '';

  const scale = (namespace: string, users: string[], description: string) => ({
    name: 'scale-web',
    namespace,
    spec: {
      trigger: 'scale',
      description,
      targets: { kind: 'Deployment', names: ['web'] },
      action: { scale: { minReplicas: 1, maxReplicas: 6 } },
      allow: { conversations: [GROUP], users },
    },
  });
  /** A longer phrase ("scale web") offered in every conversation by a namespace that does not own the group. */
  const longerPhrase = (namespace: string) => ({
    name: 'scale-web-anywhere',
    namespace,
    spec: {
      trigger: 'scale web',
      targets: { kind: 'Deployment', names: ['web'] },
      action: { scale: { minReplicas: 1, maxReplicas: 6 } },
      allow: { conversations: ['*'], users: ['*'] },
    },
  });

  beforeAll(async () => {
    teamA = await createTestNamespace('team-a');
    teamB = await createTestNamespace('team-b');
    intruder = await createTestNamespace('intruder');
    sneaky = await createTestNamespace('sneaky');
    rig = await startChatRig([teamA, teamB, intruder, sneaky], {
      KUBETALK_RATE_LIMIT_USER_PER_MINUTE: '0',
      KUBETALK_RATE_LIMIT_CONVERSATION_PER_MINUTE: '0',
      // The operator lets only `intruder` open commands to every conversation; `sneaky` tries without leave.
      KUBETALK_ANY_CONVERSATION_NAMESPACES: intruder,
    });
    for (const ns of [teamA, teamB, intruder, sneaky]) {
      createRunner(ns);
      // `tenant` is this file's own kwok log container: no other file appends to its log.
      await getTestCluster().apps.createNamespacedDeployment({
        namespace: ns,
        body: deploymentManifest('web', ns, 1, ['tenant']),
      });
    }
    await applyChatCommand(rig, scale(teamA, [ALICE.staffId, BOTH.staffId], 'Scale team A'));
    await applyChatCommand(
      rig,
      scale(
        teamB,
        [BOB.staffId, BOTH.staffId],
        'Team B [Reset password](https://evil.example/reset) ![x](https://evil.example/p.png) @all',
      ),
    );
    await waitForReady(rig, teamA, 'scale-web', 'Accepted');
    await waitForReady(rig, teamB, 'scale-web', 'Accepted');
    for (const ns of [teamA, teamB]) await waitForAvailable(ns, 'web', 1);
  });
  afterAll(async () => {
    await rig?.stop();
    for (const ns of [teamA, teamB, intruder, sneaky]) if (ns) await deleteTestNamespace(ns);
  });

  it('runs each sender their own team’s command without -n', async () => {
    const a = await rig.say('scale web 2', { conversationId: GROUP, sender: ALICE });
    expect(a.replies[0]?.text).toMatch(new RegExp(`scaled deployment/web in ${teamA}: 1 → 2`));
    const b = await rig.say('scale web 3', { conversationId: GROUP, sender: BOB });
    expect(b.replies[0]?.text).toMatch(new RegExp(`scaled deployment/web in ${teamB}: 1 → 3`));
    expect(await replicasOf(teamA, 'web')).toBe(2);
    expect(await replicasOf(teamB, 'web')).toBe(3);
  });

  it('lists exactly the two namespaces to a sender allowed in both, descriptions inert, and runs nothing', async () => {
    const { replies } = await rig.say('scale web 5', { conversationId: GROUP, sender: BOTH });
    const text = replies[0]?.text ?? '';
    expect(text).toMatch(/exists in several namespaces here/);
    expect(text.match(/\*\*-n [a-z0-9-]+\*\*/g)).toEqual([`**-n ${teamA}**`, `**-n ${teamB}**`]);
    expect(text).not.toMatch(/\]\(|!\[|https:\/\/|@all/);
    expect(text).toContain('Reset password');
    expect(await replicasOf(teamA, 'web')).toBe(2);
    expect(await replicasOf(teamB, 'web')).toBe(3);
    const chosen = await rig.say('scale web 4 -n ' + teamB, { conversationId: GROUP, sender: BOTH });
    expect(chosen.replies[0]?.text).toContain(
      message('action.scale.done', { kind: 'deployment', name: 'web', namespace: teamB, from: 3, to: 4 }),
    );
  });

  it('refuses a sender allowed in neither without naming any namespace or description', async () => {
    const { replies } = await rig.say('scale web 6', { conversationId: GROUP, sender: MALLORY });
    const text = replies[0]?.text ?? '';
    expect(text).toMatch(/not allowed to run \*\*scale\*\*/);
    expect(text).not.toContain(teamA);
    expect(text).not.toContain(teamB);
    expect(text).not.toMatch(/team|Reset/i);
    expect(await replicasOf(teamA, 'web')).toBe(2);
  });

  it('keeps both ChatCommands Ready: the same trigger in two namespaces is no conflict', async () => {
    for (const ns of [teamA, teamB]) {
      const ready = await waitForReady(rig, ns, 'scale-web', 'Accepted');
      expect(ready.status).toBe('True');
    }
  });

  it('never lets a longer phrase from another namespace take the first team’s message', async () => {
    await applyChatCommand(rig, longerPhrase(intruder));
    await waitForReady(rig, intruder, 'scale-web-anywhere', 'Accepted');
    // Alice may run both: she is asked to choose; nothing runs.
    const asked = await rig.say('scale web 3', { conversationId: GROUP, sender: ALICE });
    expect(asked.replies[0]?.text?.match(/\*\*-n [a-z0-9-]+\*\*/g)).toEqual([
      `**-n ${intruder}**`,
      `**-n ${teamA}**`,
    ]);
    // Full-width letters fold to the same phrase, and are listed the same way.
    const folded = await rig.say('scale ｗｅｂ 3', { conversationId: GROUP, sender: ALICE });
    expect(folded.replies[0]?.text).toMatch(/exists in several namespaces here/);
    expect(await replicasOf(teamA, 'web')).toBe(2);
    expect(await replicasOf(intruder, 'web')).toBe(1);
    const mine = await rig.say(`scale web 3 -n ${teamA}`, { conversationId: GROUP, sender: ALICE });
    expect(mine.replies[0]?.text).toContain(
      message('action.scale.done', { kind: 'deployment', name: 'web', namespace: teamA, from: 2, to: 3 }),
    );
  });

  it('refuses allow.conversations "*" in a namespace the operator did not allow, and never runs it', async () => {
    await applyChatCommand(rig, longerPhrase(sneaky));
    const refused = await waitForReady(rig, sneaky, 'scale-web-anywhere', 'ConversationWildcardNotAllowed');
    expect(refused.status).toBe('False');
    expect(refused.message).toMatch(/KUBETALK_ANY_CONVERSATION_NAMESPACES/);
    const { replies } = await rig.say(`scale web 5 -n ${sneaky}`, { conversationId: GROUP, sender: MALLORY });
    expect(replies[0]?.text).not.toMatch(/scaled/);
    expect(await replicasOf(sneaky, 'web')).toBe(1);
  });

  it('renders a log line carrying links, images and mentions inert', async () => {
    await applyChatCommand(rig, {
      name: 'logs-web',
      namespace: teamA,
      spec: {
        trigger: 'logs',
        targets: { kind: 'Deployment', names: ['web'] },
        action: { logs: { tailLines: 3, maxTailLines: 5000, maxBytes: 262144 } },
        allow: { conversations: [GROUP], users: [ALICE.staffId] },
      },
    });
    await waitForReady(rig, teamA, 'logs-web', 'Accepted');
    const marker = `tenancy-${Date.now()}`;
    appendFileSync(
      getTestCluster().state.logFiles['tenant'] ?? '',
      `2026-01-01T00:00:00Z stdout F ${marker} ![x](https://evil.example/p.png)\n` +
        `2026-01-01T00:00:01Z stdout F [Reset password](https://evil.example/reset) @all\n` +
        '2026-01-01T00:00:02Z stdout F ```\n',
    );
    const { replies } = await rig.say('logs web --tail 3', { conversationId: GROUP, sender: ALICE });
    const text = replies[0]?.text ?? '';
    expect(text).toContain(marker);
    expect(text).toContain('Reset password');
    expect(text).not.toMatch(/\]\(|!\[|https:\/\/|@all/);
  });

  it('keeps the @mention outside any code block when a long reply is cut', async () => {
    const line = `2026-01-01T00:00:03Z stdout F ${'x'.repeat(180)} \`\`\`\` fence\n`;
    appendFileSync(getTestCluster().state.logFiles['tenant'] ?? '', line.repeat(400));
    const { replies } = await rig.say('logs web --tail 400', { conversationId: GROUP, sender: ALICE });
    const text = replies[0]?.text ?? '';
    expect(text).toContain(TRUNCATION_NOTE);
    const [kept] = text.split(TRUNCATION_NOTE);
    expect(isInsideFence(kept ?? '')).toBe(false);
    expect(text.trimEnd().endsWith(`@${ALICE.staffId}`)).toBe(true);
    expect(replies[0]?.atUserIds).toEqual([ALICE.staffId]);
    expect(replies[0]?.unrenderedMentions).toEqual([]);
  });

  it('follows a stuck rollout with one poller, however often it is asked', async () => {
    // A Deployment no node can take: its rollout never completes.
    const stuck = deploymentManifest('stuck', teamA, 1, ['tenant']);
    const podSpec = stuck.spec?.template.spec;
    if (podSpec) podSpec.nodeSelector = { 'kubetalk.io/no-such-node': 'true' };
    await getTestCluster().apps.createNamespacedDeployment({ namespace: teamA, body: stuck });
    await applyChatCommand(rig, {
      name: 'status-stuck',
      namespace: teamA,
      spec: {
        trigger: 'status',
        targets: { kind: 'Deployment', names: ['stuck'] },
        action: { rollout: { operation: 'status', timeoutSeconds: 3600 } },
        allow: { conversations: [GROUP, OTHER_GROUP], users: [ALICE.staffId] },
      },
    });
    await waitForReady(rig, teamA, 'status-stuck', 'Accepted');
    const texts: string[] = [];
    for (let i = 0; i < 20; i++) {
      const { replies } = await rig.say('status stuck', { conversationId: GROUP, sender: ALICE });
      texts.push(replies[0]?.text ?? '');
    }
    // The other group asks too: still the same single poll, with its own follow-up to come.
    const other = await rig.say('status stuck', { conversationId: OTHER_GROUP, sender: ALICE });
    expect(other.replies[0]?.text).not.toMatch(/already watching/);
    expect(texts[0]).not.toMatch(/already watching/);
    expect(texts.slice(1).every((t) => /already watching deployment\/stuck/.test(t))).toBe(true);
    expect(await readMetric(rig.controller.internalUrl, 'kubetalk_follow_ups_active')).toBe(1);
    await eventually('still one poller', async () =>
      (await readMetric(rig.controller.internalUrl, 'kubetalk_follow_ups_active')) === 1 ? true : undefined,
    );
  });
});
