// approve/reject/cancel CODE (and 同意/拒绝/取消/确认), and --dry-run / 预演 anywhere after the trigger.
import { describe, expect, it } from 'vitest';
import { matchMessage } from '../../../src/commands/match-message.ts';
import { CommandRegistry } from '../../../src/commands/registry.ts';
import { extractDryRun } from '../../../src/commands/extract-dry-run.ts';
import { makeCommand } from '../api/support/make-command.ts';

const registry = new CommandRegistry();
registry.upsert(
  makeCommand({
    namespace: 'shop',
    name: 'scale-web',
    trigger: 'scale',
    aliases: ['扩容'],
    targets: { kind: 'Deployment', names: ['web'] },
    action: { scale: { minReplicas: 0, maxReplicas: 5 } },
    allow: { conversations: ['G1'], users: ['alice'] },
  }),
);
const match = (text: string) =>
  matchMessage(registry, text, { sender: { id: 'alice', isAdmin: false }, conversationId: 'G1' });

describe('decision words', () => {
  it.each([
    ['approve K7Q4MX', 'approve', 'K7Q4MX'],
    ['APPROVE k7q4mx', 'approve', 'K7Q4MX'],
    ['confirm k7q4mx', 'approve', 'K7Q4MX'],
    ['同意 K7Q4MX', 'approve', 'K7Q4MX'],
    ['确认 K7Q4MX', 'approve', 'K7Q4MX'],
    ['reject K7Q4MX', 'reject', 'K7Q4MX'],
    ['拒绝 K7Q4MX', 'reject', 'K7Q4MX'],
    ['cancel K7Q4MX', 'cancel', 'K7Q4MX'],
    ['取消 K7Q4MX', 'cancel', 'K7Q4MX'],
    ['approve ｋ７ｑ４ｍｘ', 'approve', 'K7Q4MX'],
  ])('"%s" → %s %s', (text, decision, code) => {
    expect(match(text)).toEqual({ kind: 'decision', decision, code });
  });

  it.each([
    'approve',
    'approve K7Q4M',
    'approve K7Q4MX please',
    'approve K0Q4MX',
    'reject ../../x',
    'cancel 123456789',
  ])('"%s" is a decision without a usable code', (text) => {
    const m = match(text);
    expect(m.kind).toBe('decision');
    expect(m.kind === 'decision' && m.code).toBeUndefined();
  });
});

describe('dry run', () => {
  it.each([
    'scale web 0 --dry-run',
    'scale --dry-run web 0',
    'scale web 0 --DRY-RUN',
    'scale web 0 —dry-run',
    '扩容 web 0 预演',
    '扩容 web 0 试运行',
    'scale web 0 --预演',
  ])('"%s" is a dry run of scale web 0', (text) => {
    const m = match(text);
    expect(m.kind).toBe('ok');
    expect(m.kind === 'ok' && m.invocation.dryRun).toBe(true);
    expect(m.kind === 'ok' && m.invocation.scale).toEqual({ replicas: 0 });
  });

  it('is not a dry run without the flag', () => {
    const m = match('scale web 0');
    expect(m.kind === 'ok' && m.invocation.dryRun).toBeUndefined();
  });

  it('never takes the first word, so a trigger stays a trigger', () => {
    expect(extractDryRun(['预演', 'x'])).toEqual({ dryRun: false, rest: ['预演', 'x'] });
  });
});

describe('help', () => {
  it('says which commands need a confirmation or approvals', async () => {
    const { listAvailable } = await import('../../../src/commands/list-available.ts');
    const r = new CommandRegistry();
    r.upsert(
      makeCommand({
        name: 'a',
        trigger: 'scale',
        approval: { approvers: { users: ['bob', 'carol'] }, required: 2 },
      }),
    );
    r.upsert(
      makeCommand({
        name: 'b',
        trigger: 'restart',
        action: { rollout: { operation: 'restart' } },
        approval: { confirm: true },
      }),
    );
    r.upsert(makeCommand({ name: 'c', trigger: 'status', action: { rollout: { operation: 'status' } } }));
    const shown = listAvailable(r, { sender: { id: 'alice', isAdmin: false }, conversationId: 'G1' });
    expect(shown.map((c) => [c.trigger, c.approval])).toEqual([
      ['restart', { key: 'approval.help.needs-confirm' }],
      ['scale', { key: 'approval.help.needs-approval', params: { required: 2 } }],
      ['status', undefined],
    ]);
  });
});
