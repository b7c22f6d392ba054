// The approval flow over an in-memory store that refuses stale writes like the API server: exactly-once under
// concurrent approvals, caps, re-checks at decision time, and the expiry sweep. Fake clock; no timing asserts.
import { describe, expect, it } from 'vitest';
import type {
  ActionContext,
  ActionOutcome,
  ActionRequest,
  ActionRunner,
} from '../../../src/actions/types.ts';
import { actionMessages } from '../../../src/actions/messages.ts';
import { previewMessages } from '../../../src/actions/preview/messages.ts';
import { createApprovalFlow } from '../../../src/approvals/approval-flow.ts';
import { approvalMessages } from '../../../src/approvals/messages.ts';
import { createRequestSweep } from '../../../src/approvals/request-sweep.ts';
import { createSessionBook } from '../../../src/approvals/session-book.ts';
import { matchMessage } from '../../../src/commands/match-message.ts';
import { CommandRegistry } from '../../../src/commands/registry.ts';
import { dispatchMessages } from '../../../src/dispatch/messages.ts';
import { commandMessages } from '../../../src/commands/messages.ts';
import { formatMessage, mergeCatalogs } from '../../../src/i18n/catalog.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import type { InboundMessage, OutboundReply, ReplyTarget } from '../../../src/dispatch/ports/chat.ts';
import { makeCommand } from '../api/support/make-command.ts';
import { createMemoryStore } from './memory-store.ts';

const catalog = mergeCatalogs(
  dispatchMessages,
  commandMessages,
  actionMessages,
  previewMessages,
  approvalMessages,
);
const t = (m: { key: string; params?: Readonly<Record<string, string | number>> }): string =>
  formatMessage(catalog, 'en', m);

function message(text: string, id: string, name = id, conversationId = 'G1'): InboundMessage {
  return {
    platform: 'dingtalk',
    messageId: `msg-${text}-${id}-${conversationId}`,
    text,
    sender: { id, name, isAdmin: false },
    conversation: { id: conversationId, type: 'group', title: 'Ops' },
    createdAt: 0,
    replyTo: { url: `https://oapi.dingtalk.com/robot/sendBySession?session=${id}`, expiresAt: 10_000_000 },
  };
}

function rig(approval: unknown = { approvers: { users: ['bob', 'carol'] }, timeoutSeconds: 60 }) {
  let clock = 1_000_000;
  const registry = new CommandRegistry();
  const command = {
    ...makeCommand({
      name: 'scale-web',
      trigger: 'scale',
      action: { scale: { minReplicas: 0, maxReplicas: 5 } },
      approval,
    }),
  };
  registry.upsert({ ...command, metadata: { ...command.metadata, uid: 'cmd-1' } });
  const runs: ActionRequest[] = [];
  let generation = 3;
  const actions: ActionRunner = {
    async run(request: ActionRequest, ctx: ActionContext): Promise<ActionOutcome> {
      await new Promise((r) => setImmediate(r));
      const params = {
        kind: 'deployment',
        name: ctx.target.name,
        namespace: ctx.target.namespace,
        from: 2,
        to: request.type === 'scale' ? request.replicas : 0,
      };
      if (ctx.dryRun)
        return {
          ok: true,
          summary: { key: 'preview.scale', params },
          preview: {
            summary: { key: 'preview.scale', params },
            changes: [`spec.replicas: 2 → ${params.to}`],
            observed: { uid: 'd1', generation },
          },
        };
      runs.push(request);
      return { ok: true, summary: { key: 'action.scale.done', params } };
    },
  };
  const store = createMemoryStore(() => clock, ['AAAAAA', 'BBBBBB', 'CCCCCC', 'DDDDDD']);
  const counted: string[] = [];
  const metrics = {
    requests: { inc: (l: { outcome: string }) => void counted.push(l.outcome) },
    decisionSeconds: { observe: () => undefined },
  };
  const sessions = createSessionBook(() => clock);
  const flow = createApprovalFlow({
    store,
    actions,
    findCommand: (ns, name) => registry.get(ns, name),
    match: (text, sender, conversationId) => matchMessage(registry, text, { sender, conversationId }),
    caps: { perCommand: 3, perSender: 2 },
    metrics,
    log: silentLogger,
    actionTimeoutMs: 10_000,
    identity: 'replica-a',
    now: () => clock,
    sessions,
  });
  const sent: Array<{ target: ReplyTarget; reply: OutboundReply }> = [];
  const sweep = createRequestSweep({
    store,
    replies: {
      send: (target, reply) => {
        sent.push({ target, reply });
        return Promise.resolve({ ok: true, attempts: 1 });
      },
    },
    sessions,
    metrics,
    log: silentLogger,
    catalog,
    locale: () => 'en',
    policyOf: () => undefined,
    ttlMs: 3_600_000,
    abandonAfterMs: 600_000,
    now: () => clock,
  });
  const open = async (text: string, who = 'alice') => {
    const m = matchMessage(registry, text, { sender: { id: who, isAdmin: false }, conversationId: 'G1' });
    if (m.kind !== 'ok') throw new Error(`no match: ${m.kind}`);
    return (await flow.open(message(text, who), m.invocation, t)).replies.map((r) => r.markdown).join('\n');
  };
  const decide = async (word: 'approve' | 'reject' | 'cancel', code: string, who: string) =>
    (await flow.decide(message(`${word} ${code}`, who), word, code, t)).replies
      .map((r) => r.markdown)
      .join('\n');
  return {
    flow,
    store,
    runs,
    counted,
    sent,
    sweep,
    open,
    decide,
    registry,
    advance: (ms: number) => void (clock += ms),
    bumpGeneration: () => void generation++,
  };
}

describe('approval flow', () => {
  it('opens a Pending request with the preview, and runs nothing yet', async () => {
    const r = rig();
    const text = await r.open('scale web 0');
    expect(text).toContain('Request **AAAAAA** by alice: would scale deployment/web in shop: 2 → 0.');
    expect(r.runs).toEqual([]);
    expect([...r.store.objects.values()][0]?.status.state).toBe('Pending');
    expect(r.counted).toEqual(['created']);
  });

  it('runs exactly once when two approvers decide at the same moment', async () => {
    const r = rig();
    await r.open('scale web 0');
    const answers = await Promise.all([
      r.decide('approve', 'AAAAAA', 'bob'),
      r.decide('approve', 'AAAAAA', 'carol'),
    ]);
    expect(r.runs).toHaveLength(1);
    expect(answers.filter((a) => a.includes('scaled deployment/web in shop: 2 → 0'))).toHaveLength(1);
    expect(
      answers.filter((a) => /already decided \(Succeeded\)|being decided by someone else/.test(a)),
    ).toHaveLength(1);
    const [req] = r.store.objects.values();
    expect(req?.status).toMatchObject({ state: 'Succeeded', executor: 'replica-a' });
    expect(req?.status.approvals).toHaveLength(1);
  });

  it('refuses the requester, a stranger, and a missing or malformed code, changing nothing', async () => {
    const r = rig();
    await r.open('scale web 0');
    expect(await r.decide('approve', 'AAAAAA', 'alice')).toBe(
      'Sorry alice, you cannot approve your own request **AAAAAA**: someone else must.',
    );
    expect(await r.decide('approve', 'AAAAAA', 'mallory')).toBe(
      'Sorry mallory, you are not an approver of request **AAAAAA**.',
    );
    expect(await r.decide('approve', 'ZZZZZZ', 'bob')).toBe(
      'Sorry bob, there is no request **ZZZZZZ** here. Check the code in the request message.',
    );
    expect(
      (await r.flow.decide(message('approve', 'bob'), 'approve', undefined, t)).replies[0]?.markdown,
    ).toContain('write the request code');
    expect(r.runs).toEqual([]);
    expect([...r.store.objects.values()][0]?.status).toEqual({ state: 'Pending' });
  });

  it('from another conversation, a code is unknown to all but its requester and listed approvers', async () => {
    const r = rig();
    await r.open('scale web 0');
    const from = async (who: string, word: 'approve' | 'cancel' = 'approve') =>
      (await r.flow.decide(message(`${word} AAAAAA`, who, who, 'G2'), word, 'AAAAAA', t)).replies
        .map((x) => x.markdown)
        .join('\n');
    // A stranger elsewhere learns nothing: not that the request exists, not its state, not who asked.
    expect(await from('mallory')).toBe(
      'Sorry mallory, there is no request **AAAAAA** here. Check the code in the request message.',
    );
    expect(r.runs).toEqual([]);
    // A listed approver may decide from elsewhere (sameConversation is not set).
    expect(await from('bob')).toContain('scaled deployment/web in shop: 2 → 0');
    expect(r.runs).toHaveLength(1);
  });

  it('refuses with a fresh preview when the target changed since the preview', async () => {
    const r = rig();
    await r.open('scale web 0');
    r.bumpGeneration();
    const text = await r.decide('approve', 'AAAAAA', 'bob');
    expect(text).toContain('Request **AAAAAA** was refused: deployment/web changed since the preview');
    expect(text).toContain('spec.replicas: 2 → 0');
    expect(r.runs).toEqual([]);
    expect([...r.store.objects.values()][0]?.status).toMatchObject({
      state: 'Rejected',
      reason: 'TargetChanged',
    });
  });

  it('refuses when the command no longer allows the request (bounds tightened)', async () => {
    const r = rig();
    await r.open('scale web 4');
    const cmd = r.registry.get('shop', 'scale-web');
    if (!cmd) throw new Error('no command');
    r.registry.upsert({
      ...cmd,
      spec: { ...cmd.spec, action: { scale: { minReplicas: 0, maxReplicas: 3 } } },
    });
    const text = await r.decide('approve', 'AAAAAA', 'bob');
    expect(text).toContain('Request **AAAAAA** was refused: the command no longer allows it');
    expect(r.runs).toEqual([]);
  });

  it('caps pending requests per sender and per command', async () => {
    const r = rig();
    await r.open('scale web 1');
    await r.open('scale web 2');
    expect(await r.open('scale web 3')).toBe(
      'Sorry alice, you already have 2 requests waiting for a decision (the most allowed). Cancel one first.',
    );
    await r.open('scale web 3', 'dave');
    expect(await r.open('scale web 4', 'erin')).toContain('**scale** already has 3 requests waiting');
  });

  it('expires in the sweep once its time has passed, announces it once, and refuses a late approval', async () => {
    const r = rig();
    await r.open('scale web 0');
    expect(await r.sweep.sweep()).toEqual({ expired: 0, abandoned: 0, deleted: 0 });
    r.advance(61_000);
    expect(await r.sweep.sweep()).toEqual({ expired: 1, abandoned: 0, deleted: 0 });
    expect(await r.sweep.sweep()).toEqual({ expired: 0, abandoned: 0, deleted: 0 });
    expect(r.sent).toHaveLength(1);
    expect(r.sent[0]?.reply.markdown).toContain(
      'Request **AAAAAA** (would scale deployment/web in shop: 2 → 0) expired without a decision',
    );
    // The remembered sessionWebhook is used while it lives.
    expect(r.sent[0]?.target.url).toContain('session=alice');
    expect(await r.decide('approve', 'AAAAAA', 'bob')).toContain('already decided (Expired)');
    expect(r.runs).toEqual([]);
    r.advance(3_600_000);
    expect((await r.sweep.sweep()).deleted).toBe(1);
  });

  it('falls back to the conversation (OpenAPI) when the sessionWebhook has expired', async () => {
    const r = rig();
    await r.open('scale web 0');
    r.advance(20_000_000);
    await r.sweep.sweep();
    expect(r.sent[0]?.target).toEqual({
      url: 'https://oapi.dingtalk.com/robot/sendBySession?session=alice',
      expiresAt: 0,
      conversation: { id: 'G1', type: 'group', userId: 'alice' },
    });
  });

  it('lets the requester cancel and nobody else', async () => {
    const r = rig();
    await r.open('scale web 0');
    expect(await r.decide('cancel', 'AAAAAA', 'bob')).toContain(
      'only alice, who made request **AAAAAA**, can do that.',
    );
    expect(await r.decide('cancel', 'AAAAAA', 'alice')).toContain(
      'Request **AAAAAA** was cancelled by alice; nothing was run.',
    );
    expect(r.counted).toEqual(['created', 'cancelled']);
  });

  it('confirm mode: only the requester confirms', async () => {
    const r = rig({ confirm: true, timeoutSeconds: 60 });
    const opened = await r.open('scale web 0');
    expect(opened).toContain('Confirm within 1 min, or it expires.');
    expect(opened).toContain('[Confirm](dtmd://dingtalkclient/sendMessage?content=confirm%20AAAAAA)');
    expect(await r.decide('approve', 'AAAAAA', 'bob')).toContain('only alice');
    expect(await r.decide('approve', 'AAAAAA', 'alice')).toContain('scaled deployment/web in shop: 2 → 0');
    expect(r.runs).toHaveLength(1);
  });
});
