// allow.conversations "*" only where the operator allows it; the status says why elsewhere.
import { describe, expect, it } from 'vitest';
import { computeStatus } from '../../../src/controller/compute-status.ts';
import { createWildcardPolicy, describeWildcardRefusal } from '../../../src/controller/wildcard-policy.ts';
import { makeCommand } from '../api/support/make-command.ts';

const anywhere = makeCommand({ namespace: 'shop', allow: { conversations: ['*'], users: ['*'] } });
const named = makeCommand({ namespace: 'shop', allow: { conversations: ['cid1'], users: ['*'] } });

describe('createWildcardPolicy', () => {
  it.each([
    [[], anywhere, false],
    [[], named, true],
    [['dev'], anywhere, false],
    [['shop'], anywhere, true],
    [['*'], anywhere, true],
  ])('namespaces %o, command %#', (namespaces, command, allowed) => {
    expect(createWildcardPolicy(namespaces)(command)).toBe(allowed);
  });

  it('makes the command NotReady with reason ConversationWildcardNotAllowed', () => {
    const status = computeStatus(
      anywhere,
      {
        problems: [],
        conflicts: [],
        runnerExists: true,
        runnerName: 'kubetalk-runner',
        wildcardRefusal: describeWildcardRefusal('shop'),
      },
      new Date(0),
    );
    expect(status.conditions?.at(-1)).toMatchObject({
      status: 'False',
      reason: 'ConversationWildcardNotAllowed',
    });
    expect(status.conditions?.at(-1)?.message).toContain('KUBETALK_ANY_CONVERSATION_NAMESPACES');
  });
});
