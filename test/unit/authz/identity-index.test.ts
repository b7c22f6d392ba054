// The ChatIdentity index: one person → one identity; an id claimed twice is a conflict, never a silent pick.
import { describe, expect, it } from 'vitest';
import type { ChatIdentity, ChatIdentitySpec } from '../../../src/api/chat-identity.ts';
import { IdentityIndex } from '../../../src/authz/identity-index.ts';

function identity(name: string, spec: Partial<ChatIdentitySpec>): ChatIdentity {
  return {
    apiVersion: 'kubetalk.io/v1alpha1',
    kind: 'ChatIdentity',
    metadata: { name },
    spec: { user: `${name}@example.com`, ...spec },
  };
}

describe('IdentityIndex', () => {
  it('maps a staff id or a unionId to the user and groups', () => {
    const index = new IdentityIndex();
    index.upsert(identity('alice', { staffIds: ['s1'], unionIds: ['u1'], groups: ['sre'] }));
    const want = {
      kind: 'mapped',
      identity: { mapping: 'alice', user: 'alice@example.com', groups: ['sre'] },
    };
    expect(index.resolve({ staffId: 's1' })).toEqual(want);
    expect(index.resolve({ staffId: '', unionId: 'u1' })).toEqual(want);
    expect(index.resolve({ staffId: 's1', unionId: 'u1' })).toEqual(want);
    expect(index.resolve({ staffId: 'nobody' })).toEqual({ kind: 'unmapped' });
    expect(index.resolve({ staffId: '' })).toEqual({ kind: 'unmapped' });
  });

  it('reports a staff id claimed by two mappings as a conflict on both, and resolves it to neither', () => {
    const index = new IdentityIndex();
    index.upsert(identity('alice', { staffIds: ['s1', 's2'] }));
    index.upsert(identity('mallory', { staffIds: ['s1'] }));
    expect(index.resolve({ staffId: 's1' })).toEqual({ kind: 'conflict', mappings: ['alice', 'mallory'] });
    // The id nobody else claims still maps.
    expect(index.resolve({ staffId: 's2' })).toMatchObject({ kind: 'mapped' });
    expect(index.conflictsFor('alice')).toEqual([{ idType: 'staffId', id: 's1', others: ['mallory'] }]);
    expect(index.conflictsFor('mallory')).toEqual([{ idType: 'staffId', id: 's1', others: ['alice'] }]);
    index.remove('mallory');
    expect(index.conflictsFor('alice')).toEqual([]);
    expect(index.resolve({ staffId: 's1' })).toMatchObject({
      kind: 'mapped',
      identity: { mapping: 'alice' },
    });
  });

  it('refuses to guess when the staff id and the unionId point at different mappings', () => {
    const index = new IdentityIndex();
    index.upsert(identity('a', { staffIds: ['s1'] }));
    index.upsert(identity('b', { unionIds: ['u1'] }));
    expect(index.resolve({ staffId: 's1', unionId: 'u1' })).toEqual({
      kind: 'conflict',
      mappings: ['a', 'b'],
    });
  });

  it('forgets the old ids of an updated mapping', () => {
    const index = new IdentityIndex();
    index.upsert(identity('alice', { staffIds: ['old'] }));
    index.upsert(identity('alice', { staffIds: ['new'] }));
    expect(index.resolve({ staffId: 'old' })).toEqual({ kind: 'unmapped' });
    expect(index.resolve({ staffId: 'new' })).toMatchObject({ kind: 'mapped' });
    expect(index.size).toBe(1);
  });

  it('keeps staff ids and unionIds apart (the same string in both is not a conflict)', () => {
    const index = new IdentityIndex();
    index.upsert(identity('a', { staffIds: ['x'] }));
    index.upsert(identity('b', { unionIds: ['x'] }));
    expect(index.conflictsFor('a')).toEqual([]);
    expect(index.resolve({ staffId: 'x' })).toMatchObject({ identity: { mapping: 'a' } });
  });
});
