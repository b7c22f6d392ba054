// Abuse limits end to end: a sender, a conversation and a cooldown each refuse politely, and the cluster is unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterUnavailableReason, deleteTestNamespace, eventually } from '../../support/cluster.ts';
import { applyChatCommand, startChatRig, waitForReady, type ChatRig } from '../../support/chat-harness.ts';
import {
  auditEvents,
  metricValue,
  namespaceWithDeployments,
  replicasOf,
  waitForReplicas,
} from './hardening-probes.ts';

const skip = clusterUnavailableReason() !== '';
const GROUP_USER = 'cidLimitsUserAAAAAAAAAA==';
const GROUP_CONV = 'cidLimitsConvBBBBBBBBBB==';
const GROUP_COOL = 'cidLimitsCoolCCCCCCCCCC==';
const person = (staffId: string) => ({ staffId, nick: staffId, isAdmin: false });
const CAROL = person('carol03');
const DAVE = person('dave04');
const ERIN = person('erin05');
const FRANK = person('frank06');
const GINA = person('gina07');

describe.skipIf(skip)('abuse limits (controller process, real cluster)', () => {
  let rig: ChatRig;
  let ns: string;

  beforeAll(async () => {
    ns = await namespaceWithDeployments('limits', ['web', 'api']);
    rig = await startChatRig([ns], {
      KUBETALK_RATE_LIMIT_USER_PER_MINUTE: '2',
      KUBETALK_RATE_LIMIT_CONVERSATION_PER_MINUTE: '3',
    });
    const allowAll = [CAROL, DAVE, ERIN, FRANK, GINA].map((p) => p.staffId);
    await applyChatCommand(rig, {
      name: 'scale-web',
      namespace: ns,
      spec: {
        trigger: 'scale',
        aliases: ['扩容'],
        targets: { kind: 'Deployment', names: ['web'] },
        action: { scale: { minReplicas: 1, maxReplicas: 6 } },
        allow: { conversations: [GROUP_USER, GROUP_CONV], users: allowAll },
      },
    });
    await applyChatCommand(rig, {
      name: 'scale-api',
      namespace: ns,
      spec: {
        trigger: 'scale',
        targets: { kind: 'Deployment', names: ['api'] },
        action: { scale: { minReplicas: 1, maxReplicas: 6 } },
        allow: { conversations: [GROUP_COOL], users: allowAll },
        cooldownSeconds: 600,
      },
    });
    await waitForReady(rig, ns, 'scale-web', 'Accepted');
    await waitForReady(rig, ns, 'scale-api', 'Accepted');
  });
  afterAll(async () => {
    await rig?.stop();
    if (ns) await deleteTestNamespace(ns);
  });

  it('refuses a sender past the per-minute limit with "try again in N s" and leaves the Deployment alone', async () => {
    const limitedBefore = await metricValue(rig, 'kubetalk_commands_total', {
      action: 'scale',
      result: 'limited',
    });
    await rig.say('scale web 3', { conversationId: GROUP_USER, sender: CAROL });
    await rig.say('scale web 4', { conversationId: GROUP_USER, sender: CAROL });
    await waitForReplicas(ns, 'web', 4);
    const third = await rig.say('scale web 1', { conversationId: GROUP_USER, sender: CAROL });
    expect(third.replies[0]?.text).toMatch(
      /you have started 2 commands in the last minute.*try again in (\d+) s/,
    );
    const seconds = Number(/try again in (\d+) s/.exec(third.replies[0]?.text ?? '')?.[1]);
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(third.replies[0]?.atUserIds).toEqual([CAROL.staffId]);
    const chinese = await rig.say('扩容 web 1', { conversationId: GROUP_USER, sender: CAROL });
    expect(chinese.replies[0]?.text).toMatch(/请 \d+ 秒后再试/);
    expect(await replicasOf(ns, 'web')).toBe(4);
    expect(await metricValue(rig, 'kubetalk_commands_total', { action: 'scale', result: 'limited' })).toBe(
      limitedBefore + 2,
    );
    const logged = await rig.controller.waitForLog(
      (l) => l['msg'] === 'command limited' && l['msgId'] === third.body.msgId,
    );
    expect(logged).toMatchObject({ reason: 'user', sender: CAROL.staffId, command: `${ns}/scale-web` });
  });

  it('still answers help and whoami to a limited sender (they run nothing)', async () => {
    const help = await rig.say('help', { conversationId: GROUP_USER, sender: CAROL });
    expect(help.replies[0]?.text).toMatch(/\*\*scale\*\*/);
    const who = await rig.say('whoami', { conversationId: GROUP_USER, sender: CAROL });
    expect(who.replies[0]?.text).toContain(CAROL.staffId);
  });

  it('refuses a conversation past its limit, whoever sends, and leaves the Deployment alone', async () => {
    await rig.say('scale web 2', { conversationId: GROUP_CONV, sender: DAVE });
    await rig.say('scale web 3', { conversationId: GROUP_CONV, sender: DAVE });
    await rig.say('scale web 5', { conversationId: GROUP_CONV, sender: ERIN });
    await waitForReplicas(ns, 'web', 5);
    const fourth = await rig.say('scale web 1', { conversationId: GROUP_CONV, sender: ERIN });
    expect(fourth.replies[0]?.text).toMatch(/This conversation has started 3 commands.*try again in \d+ s/);
    expect(await replicasOf(ns, 'web')).toBe(5);
  });

  it('refuses a second scale within the cooldownSeconds of the ChatCommand, for anyone, with no second audit Event', async () => {
    const first = await rig.say('scale api 3', { conversationId: GROUP_COOL, sender: FRANK });
    expect(first.replies[0]?.text).toMatch(/2 → 3/);
    await waitForReplicas(ns, 'api', 3);
    const second = await rig.say('scale api 5', { conversationId: GROUP_COOL, sender: GINA });
    const text = second.replies[0]?.text ?? '';
    expect(text).toMatch(/\*\*scale\*\* on deployment\/api may run once every 600 s.*try again in (\d+) s/);
    const seconds = Number(/try again in (\d+) s/.exec(text)?.[1]);
    expect(seconds).toBeGreaterThan(500);
    expect(seconds).toBeLessThanOrEqual(600);
    expect(await replicasOf(ns, 'api')).toBe(3);
    const succeeded = await eventually('one audit Event for the scale', async () => {
      const ev = (await auditEvents(ns, 'scale-api')).filter((e) => e.reason === 'CommandSucceeded');
      return ev.length > 0 ? ev : undefined;
    });
    expect(succeeded.reduce((n, e) => n + (e.count ?? 1), 0)).toBe(1);
    expect(
      await metricValue(rig, 'kubetalk_commands_total', { action: 'scale', result: 'limited' }),
    ).toBeGreaterThan(0);
  });
});
