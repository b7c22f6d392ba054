// matchMessage: builtins, visibility by conversation, ambiguity and -n, deny before parse, implied targets.
import { describe, expect, it } from 'vitest';
import type { MatchContext, MatchResult } from '../../../src/commands/match-message.ts';
import { matchMessage } from '../../../src/commands/match-message.ts';
import { CommandRegistry } from '../../../src/commands/registry.ts';
import { makeCommand } from '../api/support/make-command.ts';

const alice = { id: 'alice', isAdmin: false };
const carol = { id: 'carol', isAdmin: false };
const admin = { id: 'dave', isAdmin: true };
const external = { id: '', isAdmin: false };

function buildRegistry(): CommandRegistry {
  const r = new CommandRegistry();
  r.upsert(
    makeCommand({
      namespace: 'shop',
      name: 'scale-web',
      trigger: 'scale',
      aliases: ['扩容'],
      targets: { kind: 'Deployment', names: ['web', 'api'] },
      action: { scale: { minReplicas: 1, maxReplicas: 10 } },
      allow: { conversations: ['G1', 'G2'], users: ['alice', 'bob'] },
    }),
  );
  r.upsert(
    makeCommand({
      namespace: 'dev',
      name: 'scale-web',
      trigger: 'scale',
      targets: { kind: 'Deployment', names: ['web'] },
      action: { scale: { minReplicas: 0, maxReplicas: 3 } },
      allow: { conversations: ['G2'], users: ['*'] },
    }),
  );
  r.upsert(
    makeCommand({
      namespace: 'shop',
      name: 'restart',
      trigger: 'restart',
      targets: { kind: 'Deployment', names: ['web'] },
      action: { rollout: { operation: 'restart' } },
      allow: { conversations: ['*'], users: ['*'], admins: true },
    }),
  );
  r.upsert(
    makeCommand({
      namespace: 'ops',
      name: 'restart-web',
      trigger: 'restart web',
      targets: { kind: 'Deployment', names: ['web'] },
      action: { rollout: { operation: 'restart' } },
      allow: { conversations: ['G5'], users: ['*'] },
    }),
  );
  r.upsert(
    makeCommand({
      namespace: 'shop',
      name: 'status-web',
      trigger: 'status',
      targets: { kind: 'Deployment', names: ['web'] },
      action: { rollout: { operation: 'status' } },
      allow: { conversations: ['G1'], users: ['*'] },
    }),
  );
  return r;
}

const registry = buildRegistry();

function match(text: string, sender = alice, conversationId = 'G1', r = registry): MatchResult {
  const ctx: MatchContext = { sender, conversationId };
  return matchMessage(r, text, ctx);
}

/** A compact view: kind plus the command, namespace/name, and the interesting detail. */
function summary(result: MatchResult): string {
  switch (result.kind) {
    case 'empty':
      return 'empty';
    case 'builtin':
      return `builtin ${result.name}`;
    case 'decision':
      return `decision ${result.decision} ${result.code ?? '(no code)'}`;
    case 'unknown':
      return `unknown "${result.text}"`;
    case 'ambiguous':
      return `ambiguous ${result.candidates.map((c) => `${c.metadata.namespace}/${c.metadata.name}`).join(',')}${
        result.requestedNamespace ? ` in ${result.requestedNamespace}` : ''
      }`;
    case 'denied':
      return `denied ${result.commands.map((c) => `${c.metadata.namespace}/${c.metadata.name}`).join(',')} ${result.reason}`;
    case 'conflict':
      return `conflict ${result.commands.map((c) => `${c.metadata.namespace}/${c.metadata.name}`).join(',')}`;
    case 'invalid':
      return `invalid ${result.command.metadata.namespace}/${result.command.metadata.name} ${result.error.userMessage.key}`;
    case 'ok': {
      const inv = result.invocation;
      const detail = inv.scale ? ` ${inv.scale.replicas}` : inv.rollout ? ` ${inv.rollout.operation}` : '';
      const dry = inv.dryRun ? ' dry-run' : '';
      return `ok ${inv.namespace}/${inv.command.metadata.name} ${inv.target.kind}/${inv.target.name}${detail}${dry}`;
    }
  }
}

describe('matchMessage: empty and builtins', () => {
  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['\u200b\u3000\u200f', 'empty'],
    ['help', 'builtin help'],
    ['HELP', 'builtin help'],
    ['Help me please', 'builtin help'],
    ['帮助', 'builtin help'],
    ['?', 'builtin help'],
    ['？', 'builtin help'],
    ['ｈｅｌｐ', 'builtin help'],
    ['help -n shop', 'builtin help'],
    ['-n shop help', 'builtin help'],
    ['whoami', 'builtin whoami'],
    ['WhoAmI', 'builtin whoami'],
    ['我是谁', 'builtin whoami'],
  ])('"%s" → %s', (text, expected) => {
    expect(summary(match(text))).toBe(expected);
  });

  it('answers builtins to anyone, anywhere, identified or not', () => {
    expect(summary(match('whoami', external, ''))).toBe('builtin whoami');
  });
});

describe('matchMessage: finding the command', () => {
  it.each([
    ['dance', alice, 'G1', 'unknown "dance"'],
    ['-n shop', alice, 'G1', 'unknown "-n shop"'],
    ['scale web 3', alice, 'G1', 'ok shop/scale-web Deployment/web 3'],
    ['SCALE Web 3', alice, 'G1', 'ok shop/scale-web Deployment/web 3'],
    ['ｓｃａｌｅ\u3000ｗｅｂ\u3000５', alice, 'G1', 'ok shop/scale-web Deployment/web 5'],
    ['扩容 api 4', alice, 'G1', 'ok shop/scale-web Deployment/api 4'],
    ['scale deploy/api 4', alice, 'G1', 'ok shop/scale-web Deployment/api 4'],
    ['scale deployments/api 4', alice, 'G1', 'ok shop/scale-web Deployment/api 4'],
    ['scale sts/api 4', alice, 'G1', 'invalid shop/scale-web command.kind-mismatch'],
    ['scale web 11', alice, 'G1', 'invalid shop/scale-web command.replicas-out-of-range'],
    ['status', alice, 'G1', 'ok shop/status-web Deployment/web status'],
    // Not enabled in this conversation: as if it did not exist.
    ['scale web 3', alice, 'G3', 'unknown "scale web 3"'],
    ['status', alice, 'G2', 'unknown "status"'],
    ['scale web 3', alice, '', 'unknown "scale web 3"'],
  ])('"%s" by %o in %s → %s', (text, sender, conversation, expected) => {
    expect(summary(match(text, sender, conversation))).toBe(expected);
  });
});

describe('matchMessage: several namespaces and -n', () => {
  it.each([
    ['scale web 3', alice, 'G2', 'ambiguous dev/scale-web,shop/scale-web'],
    // Only what this sender may run takes part: carol may scale in dev only, so dev's runs without -n.
    ['scale web 3', carol, 'G2', 'ok dev/scale-web Deployment/web 3'],
    ['-n dev scale web 3', carol, 'G2', 'ok dev/scale-web Deployment/web 3'],
    ['scale web 2 -n dev', carol, 'G2', 'ok dev/scale-web Deployment/web 2'],
    ['scale 2 --namespace=dev', carol, 'G2', 'ok dev/scale-web Deployment/web 2'],
    ['scale web 3 -n shop', alice, 'G2', 'ok shop/scale-web Deployment/web 3'],
    ['scale web 3 -n SHOP', alice, 'G2', 'ok shop/scale-web Deployment/web 3'],
    ['-n shop scale web 3', carol, 'G2', 'denied shop/scale-web user'],
    ['-n nope scale web 3', alice, 'G2', 'ambiguous dev/scale-web,shop/scale-web in nope'],
    ['scale web 3 -n', alice, 'G2', 'ambiguous dev/scale-web,shop/scale-web'],
    ['-n $(id) scale web 3', alice, 'G2', 'ambiguous dev/scale-web,shop/scale-web'],
    // One candidate: a wrong -n is explained, but only to a sender who may run it.
    ['-n nope scale web 3', alice, 'G1', 'invalid shop/scale-web command.unknown-namespace'],
    ['-n nope scale web 3', carol, 'G1', 'denied shop/scale-web user'],
    ['-n dev scale web 3', alice, 'G3', 'unknown "-n dev scale web 3"'],
    ['-n $(id) scale web 3', alice, 'G1', 'invalid shop/scale-web command.invalid-namespace'],
    ['scale web 3 -n', alice, 'G1', 'invalid shop/scale-web command.flag-needs-value'],
    ['-n dev scale web 3', alice, 'G1', 'invalid shop/scale-web command.unknown-namespace'],
  ])('"%s" by %o in %s → %s', (text, sender, conversation, expected) => {
    expect(summary(match(text, sender, conversation))).toBe(expected);
  });

  it('names the namespace that does have the command when -n is wrong', () => {
    const result = match('-n nope scale web 3');
    expect(result.kind === 'invalid' && result.error.userMessage.params).toEqual({
      trigger: 'scale',
      namespace: 'nope',
      namespaces: 'shop',
    });
  });

  it('never guesses between two commands with one trigger in one namespace, even with -n', () => {
    const r = new CommandRegistry();
    r.upsert(makeCommand({ namespace: 'shop', name: 'a', trigger: 'scale' }));
    r.upsert(makeCommand({ namespace: 'shop', name: 'b', trigger: 'resize', aliases: ['scale'] }));
    expect(summary(match('scale web 3', alice, 'G1', r))).toBe('conflict shop/a,shop/b');
    expect(summary(match('-n shop scale web 3', alice, 'G1', r))).toBe('conflict shop/a,shop/b');
    expect(summary(match('resize web 3', alice, 'G1', r))).toBe('ok shop/b Deployment/web 3');
  });
});

describe('matchMessage: longest trigger first, within what is visible', () => {
  it.each([
    // Across namespaces a longer phrase never silently wins: the admin may run both, so both are listed.
    ['restart web', admin, 'G5', 'ambiguous ops/restart-web,shop/restart'],
    ['restart web', carol, 'G5', 'ok ops/restart-web Deployment/web restart'],
    ['restart', admin, 'G5', 'ok shop/restart Deployment/web restart'],
    ['-n shop restart web', admin, 'G5', 'ok shop/restart Deployment/web restart'],
    ['restart web', admin, 'G1', 'ok shop/restart Deployment/web restart'],
    ['restart deploy/web', admin, 'G1', 'ok shop/restart Deployment/web restart'],
  ])('"%s" by %o in %s → %s', (text, sender, conversation, expected) => {
    expect(summary(match(text, sender, conversation))).toBe(expected);
  });
});

describe('matchMessage: deny before parse', () => {
  it.each([
    ['scale web 3', carol, 'G1', 'denied shop/scale-web user'],
    ['scale $(id)', carol, 'G1', 'denied shop/scale-web user'],
    ['scale web; rm -rf /', carol, 'G1', 'denied shop/scale-web user'],
    ['scale ../etc 999', carol, 'G1', 'denied shop/scale-web user'],
    ['scale web 3', external, 'G1', 'denied shop/scale-web no-sender-id'],
    ['restart', alice, 'G1', 'denied shop/restart admin'],
    ['restart `reboot`', alice, 'G1', 'denied shop/restart admin'],
    ['restart', external, 'G1', 'denied shop/restart no-sender-id'],
    // The allowed sender gets the argument error instead.
    ['scale $(id)', alice, 'G1', 'invalid shop/scale-web command.invalid-characters'],
    ['scale web; rm -rf /', alice, 'G1', 'invalid shop/scale-web command.invalid-characters'],
    ['scale ../etc 3', alice, 'G1', 'invalid shop/scale-web command.invalid-name'],
    ['restart `reboot`', admin, 'G1', 'invalid shop/restart command.invalid-characters'],
  ])('"%s" by %o in %s → %s', (text, sender, conversation, expected) => {
    expect(summary(match(text, sender, conversation))).toBe(expected);
  });
});

describe('matchMessage: the invocation', () => {
  it('carries the command, its namespace and the parsed action', () => {
    const result = match('scale api 7');
    expect(result.kind).toBe('ok');
    if (result.kind !== 'ok') return;
    expect(result.invocation).toEqual({
      command: registry.get('shop', 'scale-web'),
      namespace: 'shop',
      target: { kind: 'Deployment', name: 'api' },
      scale: { replicas: 7 },
    });
  });
});

describe('matchMessage: shared conversations (one tenant never shadows, leaks to or speaks for another)', () => {
  /** Two teams in one ops group, each with its own scale, and a third that opens "restart web" everywhere. */
  function shared(): CommandRegistry {
    const r = new CommandRegistry();
    const scale = (namespace: string, users: string[]) =>
      makeCommand({
        namespace,
        name: 'scale-web',
        trigger: 'scale',
        description: `Scale ${namespace}`,
        allow: { conversations: ['OPS'], users },
      });
    r.upsert(scale('team-a', ['alice', 'both']));
    r.upsert(scale('team-b', ['bob', 'both']));
    r.upsert(
      makeCommand({
        namespace: 'team-a',
        name: 'restart',
        trigger: 'restart',
        action: { rollout: { operation: 'restart' } },
        allow: { conversations: ['OPS'], users: ['alice'] },
      }),
    );
    r.upsert(
      makeCommand({
        namespace: 'intruder',
        name: 'restart-web',
        trigger: 'restart web',
        targets: { kind: 'Deployment', names: ['web'] },
        action: { rollout: { operation: 'restart' } },
        allow: { conversations: ['*'], users: ['*'] },
      }),
    );
    return r;
  }
  const who = (id: string) => ({ id, isAdmin: false });

  it.each([
    ['scale web 3', 'alice', 'ok team-a/scale-web Deployment/web 3'],
    ['scale web 3', 'bob', 'ok team-b/scale-web Deployment/web 3'],
    ['scale web 3', 'both', 'ambiguous team-a/scale-web,team-b/scale-web'],
    ['scale web 3 -n team-b', 'both', 'ok team-b/scale-web Deployment/web 3'],
    ['scale web 3', 'mallory', 'denied team-a/scale-web,team-b/scale-web user'],
    ['scale web 3 -n team-a', 'bob', 'denied team-a/scale-web user'],
    // A longer phrase in another namespace never takes the first team's message silently.
    ['restart web', 'alice', 'ambiguous intruder/restart-web,team-a/restart'],
    ['restart ｗｅｂ', 'alice', 'ambiguous intruder/restart-web,team-a/restart'],
    ['restart web -n team-a', 'alice', 'ok team-a/restart Deployment/web restart'],
    ['restart web', 'bob', 'ok intruder/restart-web Deployment/web restart'],
  ])('"%s" by %s', (text, sender, expected) => {
    expect(summary(match(text, who(sender), 'OPS', shared()))).toBe(expected);
  });

  it('refuses "constructor/web" as an unknown kind, not a prototype key', () => {
    const result = match('scale constructor/web 3');
    expect(result.kind === 'invalid' && result.error.userMessage.key).toBe('command.unknown-kind');
  });
});
