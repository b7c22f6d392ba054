// Properties of tokenize + matchMessage over arbitrary input: never throws, never lets an unauthorised sender run.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Allow } from '../../../src/api/chat-command.ts';
import type { Sender } from '../../../src/commands/authorize.ts';
import { matchMessage } from '../../../src/commands/match-message.ts';
import { CommandRegistry } from '../../../src/commands/registry.ts';
import { makeCommand } from '../api/support/make-command.ts';

const registry = new CommandRegistry();
for (const cmd of [
  makeCommand({
    namespace: 'shop',
    name: 'scale-web',
    trigger: 'scale',
    aliases: ['扩容'],
    allow: { conversations: ['G1', 'G2'], users: ['alice'] },
  }),
  makeCommand({
    namespace: 'dev',
    name: 'scale-web',
    trigger: 'scale',
    targets: { kind: 'Deployment', names: ['web'] },
    allow: { conversations: ['G2'], users: ['*'] },
  }),
  makeCommand({
    namespace: 'shop',
    name: 'restart',
    trigger: 'restart',
    action: { rollout: { operation: 'restart' } },
    allow: { conversations: ['*'], users: ['*'], admins: true },
  }),
  makeCommand({
    namespace: 'ops',
    name: 'restart-web',
    trigger: 'restart web',
    targets: { kind: 'Deployment', names: ['web'] },
    action: { rollout: { operation: 'restart' } },
    allow: { conversations: ['G3'], users: ['bob', 'alice'], admins: true },
  }),
  makeCommand({
    namespace: 'shop',
    name: 'logs',
    trigger: 'logs',
    aliases: ['日志'],
    targets: { kind: 'StatefulSet', selector: { matchLabels: { chat: 'on' } } },
    action: { logs: { container: 'app' } },
    allow: { conversations: ['G1'], users: ['*'] },
  }),
  makeCommand({
    namespace: 'shop',
    name: 'undo',
    trigger: 'undo',
    action: { rollout: { operation: 'undo' } },
    allow: { users: ['*'] },
  }),
]) {
  registry.upsert(cmd);
}

/** Written independently of authorize(): the rules as the design doc states them. */
function mayRun(allow: Allow, sender: Sender, conversationId: string): boolean {
  const conversations = allow.conversations ?? [];
  const users = allow.users ?? [];
  const inConversation =
    conversations.includes('*') || (conversationId.length > 0 && conversations.includes(conversationId));
  // "*" is the organisation's staff; senders without a staff id only with the externalMembers opt-in.
  const isUser =
    sender.id.length > 0
      ? users.includes('*') || users.includes(sender.id)
      : users.includes('*') && allow.externalMembers === true;
  return inConversation && isUser && (!allow.admins || sender.isAdmin);
}

const WORDS = [
  'scale',
  'SCALE',
  'ｓｃａｌｅ',
  '扩容',
  'restart',
  'web',
  'api',
  'restart web',
  'logs',
  '日志',
  'undo',
  'help',
  'whoami',
  '3',
  '０',
  '10',
  '11',
  '-1',
  '--replicas=3',
  '--replicas',
  '--tail',
  '50',
  '-c',
  'app',
  '-p',
  '--previous',
  '--since=10m',
  '--to-revision=2',
  '-n',
  'shop',
  'dev',
  'ops',
  '--namespace=dev',
  'deploy/web',
  'sts/web',
  'ds/x',
  '../etc',
  '$(id)',
  '`id`',
  '; rm -rf /',
  '&&',
  '"web 3"',
  '“web”',
  '\u200b',
  '\u202e',
  '🚀',
  '——tail',
];
const SEPARATORS = [' ', '\u3000', '\t', '  ', '\u00a0', '\u200b '];

const sentence = fc
  .array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...SEPARATORS)), { maxLength: 8 })
  .map((parts) => parts.map(([w, s]) => w + s).join(''));
const text = fc.oneof(
  sentence,
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
);
const sender = fc.record({
  id: fc.constantFrom('alice', 'bob', 'carol', '', 'Alice'),
  isAdmin: fc.boolean(),
});
const conversation = fc.constantFrom('G1', 'G2', 'G3', 'G4', '');

describe('matchMessage properties', () => {
  it('never throws, and runs or parses only for senders the allow block admits', () => {
    fc.assert(
      fc.property(text, sender, conversation, (message, who, conv) => {
        const result = matchMessage(registry, message, { sender: who, conversationId: conv });
        switch (result.kind) {
          case 'ok': {
            const { command, namespace, target } = result.invocation;
            expect(mayRun(command.spec.allow, who, conv)).toBe(true);
            expect(namespace).toBe(command.metadata.namespace);
            expect(target.kind).toBe(command.spec.targets.kind);
            const names = command.spec.targets.names;
            if (names) expect(names).toContain(target.name);
            expect(target.name).toMatch(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
            break;
          }
          case 'invalid':
            // Deny before parse: an argument error is only ever shown to someone allowed to run the command.
            expect(mayRun(result.command.spec.allow, who, conv)).toBe(true);
            break;
          case 'denied':
            for (const c of result.commands) expect(mayRun(c.spec.allow, who, conv)).toBe(false);
            break;
          case 'ambiguous':
            // Only what this sender may run is ever listed, one line per namespace.
            expect(result.candidates.length).toBeGreaterThan(result.requestedNamespace === undefined ? 1 : 0);
            for (const c of result.candidates) expect(mayRun(c.spec.allow, who, conv)).toBe(true);
            expect(new Set(result.candidates.map((c) => c.metadata.namespace)).size).toBe(
              result.candidates.length,
            );
            break;
          case 'conflict':
            for (const c of result.commands) expect(mayRun(c.spec.allow, who, conv)).toBe(true);
            break;
          default:
            break;
        }
      }),
      { numRuns: 3000 },
    );
  });
});
