import { describe, expect, it } from 'vitest';
import type { ActionOutcome, ActionRequest, ActionRunner } from '../../../src/actions/types.ts';
import { actionMessages } from '../../../src/actions/messages.ts';
import type { AuditRecord, AuditSink } from '../../../src/dispatch/ports/audit-sink.ts';
import { commandMessages } from '../../../src/commands/messages.ts';
import { CommandRegistry } from '../../../src/commands/registry.ts';
import { createDispatcher } from '../../../src/dispatch/dispatcher.ts';
import { dispatchMessages } from '../../../src/dispatch/messages.ts';
import { UserFacingError } from '../../../src/errors.ts';
import { mergeCatalogs } from '../../../src/i18n/catalog.ts';
import { createLogger } from '../../../src/log/logger.ts';
import { createMetrics } from '../../../src/metrics/metrics.ts';
import type { InboundMessage, OutboundReply, ReplySender } from '../../../src/dispatch/ports/chat.ts';
import { makeCommand } from '../api/support/make-command.ts';

const catalog = mergeCatalogs(dispatchMessages, commandMessages, actionMessages);

function message(text: string, over: Partial<InboundMessage['sender']> = {}): InboundMessage {
  return {
    platform: 'dingtalk',
    messageId: `msg-${text}`,
    text,
    sender: { id: 'alice01', name: 'Alice', isAdmin: false, ...over },
    conversation: { id: 'cidGROUP', type: 'group', title: 'Ops' },
    createdAt: 0,
    replyTo: {
      url: 'https://oapi.dingtalk.com/robot/sendBySession?session=x',
      expiresAt: Date.now() + 60_000,
    },
  };
}

function rig(run: (req: ActionRequest) => Promise<ActionOutcome>) {
  const registry = new CommandRegistry();
  registry.upsert(
    makeCommand({
      trigger: 'scale',
      aliases: ['扩容'],
      description: 'Scale the shop',
      allow: { conversations: ['cidGROUP'], users: ['alice01'] },
    }),
  );
  registry.upsert(
    makeCommand({
      name: 'logs',
      trigger: 'logs',
      action: { logs: { tailLines: 20, maxTailLines: 100 } },
      allow: { conversations: ['*'], users: ['*'] },
    }),
  );
  const replies: OutboundReply[] = [];
  const audits: AuditRecord[] = [];
  const requests: ActionRequest[] = [];
  const logs: string[] = [];
  const sender: ReplySender = {
    send: (_t, r) => {
      replies.push(r);
      return Promise.resolve({ ok: true, attempts: 1 });
    },
  };
  const audit: AuditSink = {
    record: (r) => {
      audits.push(r);
      return Promise.resolve();
    },
  };
  const actions: ActionRunner = {
    run: (req) => {
      requests.push(req);
      return run(req);
    },
  };
  const metrics = createMetrics();
  const d = createDispatcher({
    registry,
    actions,
    replies: sender,
    audit,
    metrics,
    log: createLogger({ write: (l) => logs.push(l), level: 'debug' }),
    catalog,
    defaultLocale: 'en',
    actionTimeoutMs: 1000,
    commandUid: () => 'uid-1',
  });
  return { d, replies, audits, requests, logs, metrics, registry };
}

const okScale: ActionOutcome = {
  ok: true,
  summary: {
    key: 'action.scale.done',
    params: { kind: 'deployment', name: 'web', namespace: 'shop', from: 2, to: 5 },
  },
};

describe('dispatcher', () => {
  it('runs an allowed command, replies with a mention, audits and counts it', async () => {
    const r = rig(() => Promise.resolve(okScale));
    r.d.handle(message('scale web 5'));
    expect(await r.d.drain(1000)).toBe(true);
    expect(r.requests).toEqual([{ type: 'scale', replicas: 5, minReplicas: 1, maxReplicas: 10 }]);
    expect(r.replies).toHaveLength(1);
    expect(r.replies[0]?.mentionUserIds).toEqual(['alice01']);
    expect(r.audits).toMatchObject([
      {
        outcome: 'Succeeded',
        command: { namespace: 'shop', name: 'scale', uid: 'uid-1' },
        sender: { id: 'alice01' },
      },
    ]);
    expect(await r.metrics.registry.getSingleMetricAsString('kubetalk_commands_total')).toMatch(
      /action="scale",result="succeeded"} 1/,
    );
  });

  it('refuses a sender who is not allowed, runs nothing, and audits the denial', async () => {
    const r = rig(() => Promise.resolve(okScale));
    r.d.handle(message('scale web 5', { id: 'mallory' }));
    await r.d.drain(1000);
    expect(r.requests).toHaveLength(0);
    expect(r.replies[0]?.markdown).toMatch(/not allowed to run \*\*scale\*\*/);
    expect(r.audits[0]?.outcome).toBe('Denied');
  });

  it('explains argument errors without running anything', async () => {
    const r = rig(() => Promise.resolve(okScale));
    r.d.handle(message('scale web 50'));
    await r.d.drain(1000);
    expect(r.requests).toHaveLength(0);
    expect(r.replies[0]?.markdown).toMatch(/10/);
    expect(r.audits[0]?.outcome).toBe('Invalid');
  });

  it('points unknown commands at help, and answers in Chinese to Chinese', async () => {
    const r = rig(() => Promise.resolve(okScale));
    r.d.handle(message('deploy web'));
    r.d.handle(message('部署 web'));
    await r.d.drain(1000);
    expect(r.replies[0]?.markdown).toMatch(/Type \*\*help\*\*/);
    expect(r.replies[1]?.markdown).toMatch(/帮助/);
  });

  it('refuses a huge message before matching it', async () => {
    const r = rig(() => Promise.resolve(okScale));
    r.d.handle(message(`scale web 5 ${'“ '.repeat(20_000)}`));
    await r.d.drain(1000);
    expect(r.requests).toHaveLength(0);
    expect(r.replies[0]?.markdown).toMatch(/too long/);
  });

  it('sends the follow-up of a rollout as a second reply', async () => {
    let finish: (o: ActionOutcome) => void = () => undefined;
    const followUp = new Promise<ActionOutcome>((resolve) => (finish = resolve));
    const r = rig(() => Promise.resolve({ ...okScale, followUp }));
    r.d.handle(message('scale web 5'));
    await new Promise((res) => setTimeout(res, 10));
    expect(r.replies).toHaveLength(1);
    const drained = r.d.drain(1000);
    finish({
      ok: true,
      summary: {
        key: 'action.scale.done',
        params: { kind: 'deployment', name: 'web', namespace: 'shop', from: 2, to: 5 },
      },
    });
    expect(await drained).toBe(true);
    expect(r.replies).toHaveLength(2);
    expect(r.replies[1]?.markdown).toMatch(/Update on \*\*deployment\/web\*\*/);
  });

  it('shows a user-facing error from an action as it is', async () => {
    const r = rig(() => Promise.reject(new UserFacingError('dispatch.unknown', { text: 'from-action' })));
    r.d.handle(message('scale web 5'));
    await r.d.drain(1000);
    expect(r.replies[0]?.markdown).toContain('from-action');
    expect(r.audits[0]?.outcome).toBe('Failed');
  });

  it('hides internal errors behind a ref, and logs them in full under the same ref', async () => {
    const r = rig(() => Promise.reject(new Error('socket hang up at 10.0.0.1')));
    r.d.handle(message('scale web 5'));
    await r.d.drain(1000);
    const text = r.replies[0]?.markdown ?? '';
    expect(text).not.toContain('socket hang up');
    const ref = /ref ([0-9a-f]{8})/.exec(text)?.[1];
    expect(ref).toBeDefined();
    const line = r.logs.find((l) => l.includes('"internal error"'));
    expect(line).toContain(ref);
    expect(line).toContain('socket hang up');
    expect(await r.metrics.registry.getSingleMetricAsString('kubetalk_commands_total')).toMatch(
      /action="scale",result="error"} 1/,
    );
  });

  it('lists only what this sender may run in help, and gives whoami ids', async () => {
    const r = rig(() => Promise.resolve(okScale));
    r.d.handle(message('help', { id: 'mallory' }));
    r.d.handle(message('whoami'));
    await r.d.drain(1000);
    expect(r.replies[0]?.markdown).toContain('**logs**');
    expect(r.replies[0]?.markdown).not.toContain('**scale**');
    expect(r.replies[1]?.markdown).toContain('`alice01`');
    expect(r.replies[1]?.markdown).toContain('`cidGROUP`');
  });

  it('renders help, whoami and an outcome with a log block readably (golden files)', async () => {
    const r = rig(() =>
      Promise.resolve({
        ok: true,
        summary: {
          key: 'action.scale.done',
          params: { kind: 'deployment', name: 'web', namespace: 'shop', from: 2, to: 5 },
        },
        blocks: [{ text: 'line 1\nline with ``` fence\nline 3' }],
      }),
    );
    for (const text of ['help', 'whoami', '帮助', 'scale web 5', '扩容 web 5']) r.d.handle(message(text));
    await r.d.drain(1000);
    const rendered = r.replies
      .map((x) => `# ${x.title}\n${x.markdown}\n(mentions: ${x.mentionUserIds.join(', ')})`)
      .join('\n\n---\n\n');
    await expect(rendered).toMatchFileSnapshot('../../golden/dispatch/replies.md');
  });
});

describe('dispatcher: tenants sharing a conversation', () => {
  function sharedRig() {
    const r = rig(() => Promise.resolve(okScale));
    const add = (namespace: string, name: string, users: string[], description: string) =>
      r.registry.upsert(
        makeCommand({
          namespace,
          name,
          trigger: 'deploy',
          description,
          allow: { conversations: ['cidGROUP'], users },
        }),
      );
    return { r, add };
  }

  it('refuses a sender allowed nowhere without naming any namespace or description', async () => {
    const { r, add } = sharedRig();
    add('team-a', 'deploy', ['bob'], 'Secret plans of team A');
    add('team-b', 'deploy', ['carol'], 'Team B [docs](https://b.example)');
    r.d.handle(message('deploy web 3', { id: 'mallory' }));
    await r.d.drain(1000);
    const text = r.replies[0]?.markdown ?? '';
    expect(text).toMatch(/not allowed to run \*\*deploy\*\*/);
    expect(text).not.toMatch(/team-a|team-b|Secret|docs/);
    expect(r.requests).toHaveLength(0);
    // Each namespace's owner still sees the attempt on their own command.
    expect(r.audits.map((a) => `${a.command.namespace}:${a.outcome}`).sort()).toEqual([
      'team-a:Denied',
      'team-b:Denied',
    ]);
  });

  it('lists only the namespaces the sender may use, with descriptions made inert', async () => {
    const { r, add } = sharedRig();
    add('team-a', 'deploy', ['alice01'], 'Team A ![x](https://evil.example/p.png) @all');
    add('team-b', 'deploy', ['alice01'], 'Team B [Reset password](https://evil.example)');
    add('team-c', 'deploy', ['carol'], 'Team C only');
    r.d.handle(message('deploy web 3'));
    await r.d.drain(1000);
    const text = r.replies[0]?.markdown ?? '';
    expect(text).toMatch(/-n team-a/);
    expect(text).toMatch(/-n team-b/);
    expect(text).not.toMatch(/team-c/);
    expect(text).not.toMatch(/\]\(|!\[|@all|https:\/\//);
  });

  it('runs nothing when one namespace has two commands the sender cannot tell apart', async () => {
    const { r, add } = sharedRig();
    add('team-a', 'deploy-1', ['alice01'], 'one');
    add('team-a', 'deploy-2', ['alice01'], 'two');
    r.d.handle(message('deploy web 3'));
    await r.d.drain(1000);
    expect(r.requests).toHaveLength(0);
    expect(r.replies[0]?.markdown).toMatch(/deploy-1, deploy-2/);
    expect(r.replies[0]?.markdown).toMatch(/TriggerConflict/);
  });
});

describe('dispatcher: follow-ups', () => {
  it('sends one follow-up per workload and conversation; asking again gets "already watching"', async () => {
    let finish: (o: ActionOutcome) => void = () => undefined;
    const followUp = new Promise<ActionOutcome>((resolve) => (finish = resolve));
    const r = rig(() => Promise.resolve({ ...okScale, followUp, followUpKey: 'Deployment/shop/web' }));
    r.d.handle(message('scale web 5'));
    r.d.handle({ ...message('scale web 5'), messageId: 'second' });
    await new Promise((res) => setTimeout(res, 10));
    expect(r.replies).toHaveLength(2);
    expect(r.replies[1]?.markdown).toMatch(/already watching deployment\/web/);
    const drained = r.d.drain(1000);
    finish(okScale);
    expect(await drained).toBe(true);
    expect(r.replies).toHaveLength(3);
    expect(r.replies.filter((x) => /Update on/.test(x.markdown))).toHaveLength(1);
  });
});

describe('dispatcher: cluster text in replies', () => {
  it('renders a log line carrying links, images and mentions inert', async () => {
    const r = rig(() =>
      Promise.resolve({
        ...okScale,
        blocks: [{ text: 'ok\n![x](https://evil.example/p.png) [Reset](https://evil.example) @13800000000' }],
      }),
    );
    r.d.handle(message('scale web 5'));
    await r.d.drain(1000);
    expect(r.replies[0]?.markdown).not.toMatch(/\]\(|!\[|@1380|https:\/\//);
  });
});
