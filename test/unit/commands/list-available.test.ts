// listAvailable (what help shows) and the usage lines it carries.
import { describe, expect, it } from 'vitest';
import { listAvailable } from '../../../src/commands/list-available.ts';
import { CommandRegistry } from '../../../src/commands/registry.ts';
import { buildUsage, describeUsage } from '../../../src/commands/usage.ts';
import { makeCommand } from '../api/support/make-command.ts';

function buildRegistry(): CommandRegistry {
  const r = new CommandRegistry();
  r.upsert(
    makeCommand({
      namespace: 'shop',
      name: 'scale-web',
      trigger: 'scale',
      aliases: ['扩容'],
      description: 'Scale the storefront',
      allow: { conversations: ['G1'], users: ['alice'] },
    }),
  );
  r.upsert(
    makeCommand({
      namespace: 'dev',
      name: 'logs',
      trigger: 'logs',
      targets: { kind: 'Deployment', names: ['web'] },
      action: { logs: {} },
      allow: { conversations: ['*'], users: ['*'] },
    }),
  );
  r.upsert(
    makeCommand({
      namespace: 'shop',
      name: 'restart',
      trigger: 'restart',
      action: { rollout: { operation: 'restart' } },
      allow: { conversations: ['*'], users: ['*'], admins: true },
    }),
  );
  r.upsert(
    makeCommand({
      namespace: 'aaa',
      name: 'logs',
      trigger: 'logs',
      action: { logs: {} },
      allow: { conversations: ['G1'], users: ['*'] },
    }),
  );
  return r;
}

describe('listAvailable', () => {
  const r = buildRegistry();
  const list = (id: string, isAdmin: boolean, conversationId: string): string[] =>
    listAvailable(r, { sender: { id, isAdmin }, conversationId }).map(
      (c) => `${c.trigger} ${c.namespace}/${c.name}`,
    );

  it('lists only what this sender may run in this conversation, sorted by trigger then namespace', () => {
    expect(list('alice', false, 'G1')).toEqual(['logs aaa/logs', 'logs dev/logs', 'scale shop/scale-web']);
    expect(list('alice', true, 'G1')).toEqual([
      'logs aaa/logs',
      'logs dev/logs',
      'restart shop/restart',
      'scale shop/scale-web',
    ]);
    expect(list('bob', false, 'G1')).toEqual(['logs aaa/logs', 'logs dev/logs']);
    expect(list('alice', false, 'G2')).toEqual(['logs dev/logs']);
    // "*" means the organisation's staff: a sender without a staff id sees nothing without the opt-in.
    expect(list('', false, 'G2')).toEqual([]);
    expect(list('', false, '')).toEqual([]);
  });

  it('gives trigger, aliases, description, action and a localisable usage line', () => {
    const [scale] = listAvailable(r, {
      sender: { id: 'alice', isAdmin: false },
      conversationId: 'G1',
    }).filter((c) => c.trigger === 'scale');
    expect(scale).toEqual({
      namespace: 'shop',
      name: 'scale-web',
      trigger: 'scale',
      aliases: ['扩容'],
      description: 'Scale the storefront',
      action: 'scale',
      usage: {
        key: 'command.usage.scale',
        params: { usage: 'scale <web|api> <1..10>', example: 'scale web 3', min: 1, max: 10 },
      },
    });
  });

  it('is empty for a registry without commands', () => {
    expect(
      listAvailable(new CommandRegistry(), { sender: { id: 'a', isAdmin: true }, conversationId: 'c' }),
    ).toEqual([]);
  });
});

describe('usage lines', () => {
  it.each([
    [{ action: { scale: { minReplicas: 2, maxReplicas: 2 } } }, 'scale <web|api> <2..2>', 'scale web 2'],
    [{ action: { scale: { minReplicas: 5, maxReplicas: 8 } } }, 'scale <web|api> <5..8>', 'scale web 5'],
    [
      { targets: { kind: 'Deployment', names: ['a', 'b', 'c', 'd', 'e', 'f'] } },
      'scale <a|b|c|d|e|…> <1..10>',
      'scale a 3',
    ],
    [
      { trigger: 'restart', action: { rollout: { operation: 'restart' } } },
      'restart <web|api>',
      'restart web',
    ],
    [{ trigger: 'status', action: { rollout: { operation: 'status' } } }, 'status <web|api>', 'status web'],
    [
      { trigger: 'history', action: { rollout: { operation: 'history' } } },
      'history <web|api>',
      'history web',
    ],
    [
      { trigger: '回滚', action: { rollout: { operation: 'undo' } } },
      '回滚 <web|api> [--to-revision=N]',
      '回滚 web',
    ],
    [
      { trigger: 'logs', action: { logs: { tailLines: 10, maxTailLines: 50 } } },
      'logs <web|api> [--tail=1..50] [-c CONTAINER] [--since=10m] [--previous]',
      'logs web --tail 50',
    ],
  ])('%o', (input, usage, example) => {
    expect(buildUsage(makeCommand(input))).toEqual({ usage, example });
  });

  it('has one message key per action and operation', () => {
    const key = (action: unknown): string => describeUsage(makeCommand({ action })).key;
    expect(key({ scale: { minReplicas: 1, maxReplicas: 2 } })).toBe('command.usage.scale');
    for (const op of ['restart', 'status', 'undo', 'history']) {
      expect(key({ rollout: { operation: op } })).toBe(`command.usage.rollout-${op}`);
    }
    expect(describeUsage(makeCommand({ action: { logs: {} } }))).toMatchObject({
      key: 'command.usage.logs',
      params: { tail: 50, maxTail: 500 },
    });
  });
});
