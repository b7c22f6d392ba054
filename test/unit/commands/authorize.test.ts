// authorize: deny by default, "*" wildcards, admins narrowing, unidentified senders.
import { describe, expect, it } from 'vitest';
import { admitsConversation, authorize } from '../../../src/commands/authorize.ts';
import { makeCommand } from '../api/support/make-command.ts';

const alice = { id: 'alice', isAdmin: false };
const adminBob = { id: 'bob', isAdmin: true };
const external = { id: '', isAdmin: false };
const externalAdmin = { id: '', isAdmin: true };

describe('authorize', () => {
  it.each([
    [
      'listed user in listed conversation',
      { conversations: ['c1'], users: ['alice'] },
      alice,
      'c1',
      undefined,
    ],
    ['any user in any conversation', { conversations: ['*'], users: ['*'] }, alice, 'c9', undefined],
    ['unlisted conversation', { conversations: ['c1'], users: ['*'] }, alice, 'c2', 'conversation'],
    [
      'empty conversation id never matches a list',
      { conversations: ['c1'], users: ['*'] },
      alice,
      '',
      'conversation',
    ],
    ['"*" admits an empty conversation id', { conversations: ['*'], users: ['*'] }, alice, '', undefined],
    ['no conversations at all', { users: ['*'] }, alice, 'c1', 'conversation'],
    ['empty conversations list', { conversations: [], users: ['*'] }, alice, 'c1', 'conversation'],
    ['unlisted user', { conversations: ['*'], users: ['carol'] }, alice, 'c1', 'user'],
    ['no users at all', { conversations: ['*'] }, alice, 'c1', 'user'],
    ['user ids are case-sensitive', { conversations: ['*'], users: ['Alice'] }, alice, 'c1', 'user'],
    [
      'external sender and a user list',
      { conversations: ['*'], users: ['alice'] },
      external,
      'c1',
      'no-sender-id',
    ],
    ['external sender and no users', { conversations: ['*'] }, external, 'c1', 'no-sender-id'],
    // "*" means the organisation's staff; members without a staff id need the explicit opt-in.
    ['external sender and "*"', { conversations: ['*'], users: ['*'] }, external, 'c1', 'no-sender-id'],
    [
      'external sender, "*" and externalMembers',
      { conversations: ['*'], users: ['*'], externalMembers: true },
      external,
      'c1',
      undefined,
    ],
    [
      'externalMembers never admits a sender to a list of ids',
      { conversations: ['*'], users: ['alice'], externalMembers: true },
      external,
      'c1',
      'no-sender-id',
    ],
    [
      'admins only, sender not admin',
      { conversations: ['*'], users: ['*'], admins: true },
      alice,
      'c1',
      'admin',
    ],
    [
      'admins only, sender admin',
      { conversations: ['*'], users: ['*'], admins: true },
      adminBob,
      'c1',
      undefined,
    ],
    [
      'admins narrow the user list',
      { conversations: ['*'], users: ['alice'], admins: true },
      adminBob,
      'c1',
      'user',
    ],
    [
      'external admin and "*" with externalMembers',
      { conversations: ['*'], users: ['*'], admins: true, externalMembers: true },
      externalAdmin,
      'c1',
      undefined,
    ],
    [
      'conversation is checked first',
      { conversations: ['c1'], users: ['x'], admins: true },
      alice,
      'c2',
      'conversation',
    ],
  ])('%s', (_name, allow, sender, conversationId, reason) => {
    const cmd = makeCommand({ allow });
    expect(authorize(cmd, sender, conversationId)).toEqual(
      reason === undefined ? { allowed: true } : { allowed: false, reason },
    );
  });

  it('admitsConversation looks at conversations only', () => {
    expect(admitsConversation({ conversations: ['c1'], admins: true }, 'c1')).toBe(true);
    expect(admitsConversation({ admins: false }, 'c1')).toBe(false);
  });
});
