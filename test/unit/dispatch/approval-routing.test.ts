// The dispatcher's routing of dry runs and ChatRequests: a preview never writes, a gated command never runs
// without the flow, decisions reach the flow, and a flood of decisions meets the sender's limit.
import { describe, expect, it } from 'vitest';
import type {
  ActionContext,
  ActionOutcome,
  ActionRequest,
  ActionRunner,
} from '../../../src/actions/types.ts';
import { actionMessages } from '../../../src/actions/messages.ts';
import { previewMessages } from '../../../src/actions/preview/messages.ts';
import type { ApprovalFlow } from '../../../src/approvals/approval-flow.ts';
import { approvalMessages } from '../../../src/approvals/messages.ts';
import { commandMessages } from '../../../src/commands/messages.ts';
import { CommandRegistry } from '../../../src/commands/registry.ts';
import { createDispatcher } from '../../../src/dispatch/dispatcher.ts';
import { dispatchMessages } from '../../../src/dispatch/messages.ts';
import type { InboundMessage, OutboundReply } from '../../../src/dispatch/ports/chat.ts';
import { mergeCatalogs } from '../../../src/i18n/catalog.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { createMetrics } from '../../../src/metrics/metrics.ts';
import { makeCommand } from '../api/support/make-command.ts';

const catalog = mergeCatalogs(
  dispatchMessages,
  commandMessages,
  actionMessages,
  previewMessages,
  approvalMessages,
);

function message(text: string, id = 'alice01'): InboundMessage {
  return {
    platform: 'dingtalk',
    messageId: `msg-${text}-${Math.random()}`,
    text,
    sender: { id, name: id, isAdmin: false },
    conversation: { id: 'G1', type: 'group' },
    createdAt: 0,
    replyTo: {
      url: 'https://oapi.dingtalk.com/robot/sendBySession?session=x',
      expiresAt: Date.now() + 60_000,
    },
  };
}

function rig(flow?: ApprovalFlow, limits?: { userPerMinute: number }) {
  const registry = new CommandRegistry();
  registry.upsert(
    makeCommand({ name: 'scale', trigger: 'scale', action: { scale: { minReplicas: 0, maxReplicas: 5 } } }),
  );
  registry.upsert(
    makeCommand({
      name: 'gated',
      trigger: 'gated',
      action: { scale: { minReplicas: 0, maxReplicas: 5 } },
      approval: { confirm: true },
    }),
  );
  const contexts: ActionContext[] = [];
  const replies: OutboundReply[] = [];
  const actions: ActionRunner = {
    run(_request: ActionRequest, ctx: ActionContext): Promise<ActionOutcome> {
      contexts.push(ctx);
      const params = { kind: 'deployment', name: 'web', namespace: 'shop', from: 2, to: 0 };
      return Promise.resolve({
        ok: true,
        summary: { key: ctx.dryRun ? 'preview.scale' : 'action.scale.done', params },
        ...(ctx.dryRun
          ? {
              preview: {
                summary: { key: 'preview.scale', params },
                changes: ['spec.replicas: 2 → 0'],
                observed: { uid: 'u', generation: 1 },
              },
            }
          : {}),
      });
    },
  };
  const d = createDispatcher({
    registry,
    actions,
    replies: { send: (_t, r) => (replies.push(r), Promise.resolve({ ok: true, attempts: 1 })) },
    audit: { record: () => Promise.resolve() },
    metrics: createMetrics(),
    log: silentLogger,
    catalog,
    defaultLocale: 'en',
    actionTimeoutMs: 1000,
    commandUid: () => 'uid',
    ...(flow ? { approvals: flow } : {}),
    ...(limits
      ? {
          limits: {
            userPerMinute: limits.userPerMinute,
            conversationPerMinute: 0,
            maxConcurrentActions: 8,
          },
        }
      : {}),
  });
  const say = async (text: string, id?: string): Promise<string> => {
    const before = replies.length;
    d.handle(message(text, id));
    await d.drain(1000);
    return replies
      .slice(before)
      .map((r) => r.markdown)
      .join('\n');
  };
  return { say, contexts };
}

function recordingFlow(): ApprovalFlow & { calls: string[] } {
  const calls: string[] = [];
  const answer = (text: string) =>
    Promise.resolve({ replies: [{ title: text, markdown: text, mentionUserIds: [] }] });
  return {
    calls,
    open: (_m, inv) => (calls.push(`open ${inv.command.metadata.name}`), answer('opened')),
    decide: (_m, decision, code) => (calls.push(`${decision} ${code ?? '-'}`), answer('decided')),
  };
}

describe('dispatcher: dry runs and ChatRequests', () => {
  it('runs --dry-run as a dry run and replies with the preview', async () => {
    const r = rig();
    const text = await r.say('scale web 0 --dry-run');
    expect(r.contexts.map((c) => c.dryRun)).toEqual([true]);
    expect(text).toContain('🔍 **would scale deployment/web in shop: 2 → 0**');
    expect(text).toContain('spec.replicas: 2 → 0');
  });

  it('never runs a gated command without the approval flow', async () => {
    const r = rig();
    expect(await r.say('gated web 0')).toBe(
      'Sorry alice01, the request could not be recorded in the cluster right now; nothing was run. Try again in a minute.',
    );
    expect(r.contexts).toEqual([]);
  });

  it('opens a request for a gated command instead of running it, and routes decisions', async () => {
    const flow = recordingFlow();
    const r = rig(flow);
    expect(await r.say('gated web 0')).toBe('opened');
    expect(await r.say('approve abcdef', 'bob01')).toBe('decided');
    expect(await r.say('拒绝 ABCDEF', 'bob01')).toBe('decided');
    expect(await r.say('cancel', 'bob01')).toBe('decided');
    expect(flow.calls).toEqual(['open gated', 'approve ABCDEF', 'reject ABCDEF', 'cancel -']);
    expect(r.contexts).toEqual([]);
  });

  it('bounds a flood of decisions by the sender limit', async () => {
    const flow = recordingFlow();
    const r = rig(flow, { userPerMinute: 2 });
    await r.say('approve ABCDEF', 'bob01');
    await r.say('approve ABCDEF', 'bob01');
    const third = await r.say('approve ABCDEF', 'bob01');
    expect(third).toContain('Nothing was run');
    expect(flow.calls).toHaveLength(2);
  });
});
