// `kubetalk validate` understands ChatIdentity: its rules, and a staff id claimed by two of them fails both.
import { describe, expect, it } from 'vitest';
import { checkChatCommands } from '../../../src/cli/check-chat-commands.ts';

const identity = (name: string, spec: string): string => `apiVersion: kubetalk.io/v1alpha1
kind: ChatIdentity
metadata: { name: ${name} }
spec: ${spec}
`;

describe('kubetalk validate: ChatIdentity', () => {
  it('accepts a valid mapping and says what it maps to', () => {
    const report = checkChatCommands([
      {
        name: 'a.yaml',
        text: identity('alice', "{ staffIds: ['s1'], user: alice@example.com, groups: [dev] }"),
      },
    ]);
    expect(report.ok).toBe(true);
    expect(report.objects[0]).toMatchObject({
      kind: 'ChatIdentity',
      name: 'alice',
      status: 'valid',
      summary: 'maps to Kubernetes user alice@example.com (groups dev)',
    });
  });

  it('reports the CRD rules with their messages', () => {
    const report = checkChatCommands([
      { name: 'a.yaml', text: identity('root', "{ user: 'system:admin' }") },
    ]);
    expect(report.ok).toBe(false);
    expect(report.objects[0]?.problems).toEqual([
      'spec: at least one of staffIds or unionIds is required',
      'spec.user: user must not start with "system:" (Kubernetes reserves it for its own components)',
    ]);
  });

  it('fails both ChatIdentities that claim the same staff id, across files', () => {
    const report = checkChatCommands([
      { name: 'a.yaml', text: identity('alice', "{ staffIds: ['s1'], user: alice }") },
      { name: 'b.yaml', text: identity('mallory', "{ staffIds: ['s1', 's2'], user: mallory }") },
    ]);
    expect(report.ok).toBe(false);
    expect(report.objects.map((o) => [o.name, o.status, o.problems])).toEqual([
      [
        'alice',
        'invalid',
        [
          'spec: staffId s1 is also claimed by ChatIdentity mallory (Conflict: chat would refuse this person)',
        ],
      ],
      [
        'mallory',
        'invalid',
        ['spec: staffId s1 is also claimed by ChatIdentity alice (Conflict: chat would refuse this person)'],
      ],
    ]);
  });
});
