// validateChatIdentity mirrors the ChatIdentity CRD: bounds, patterns and its CEL rules with the same messages.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import {
  IDENTITY_CRD_NAME,
  IDENTITY_KIND,
  IDENTITY_LIMITS,
  IDENTITY_LIST_KIND,
  IDENTITY_PLURAL,
  IDENTITY_RULE_MESSAGES,
  IDENTITY_SHORT_NAMES,
  IDENTITY_SINGULAR,
} from '../../../src/api/chat-identity.ts';
import { validateChatIdentity } from '../../../src/api/validate-chat-identity.ts';

const root = join(import.meta.dirname, '../../..');
const obj = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}): unknown => ({
  apiVersion: 'kubetalk.io/v1alpha1',
  kind: 'ChatIdentity',
  metadata: { name: 'alice' },
  spec,
  ...extra,
});
const problemsOf = (o: unknown): readonly string[] => {
  const r = validateChatIdentity(o);
  return r.ok ? [] : r.problems;
};

describe('validateChatIdentity', () => {
  it('accepts staff ids and/or unionIds with a user and groups', () => {
    const r = validateChatIdentity(
      obj({ staffIds: ['0948351305695176'], user: 'alice@example.com', groups: ['sre'] }),
    );
    expect(r.ok && r.identity.spec).toEqual({
      staffIds: ['0948351305695176'],
      user: 'alice@example.com',
      groups: ['sre'],
    });
    expect(validateChatIdentity(obj({ unionIds: ['rkq8m6nIlrmaPC3HLyECZAiEiE'], user: 'a' })).ok).toBe(true);
  });

  it('needs an id and a user', () => {
    expect(problemsOf(obj({ user: 'a' }))).toEqual([`spec: ${IDENTITY_RULE_MESSAGES.needsAnId}`]);
    expect(problemsOf(obj({ staffIds: ['s'] }))).toEqual(['spec.user: is required']);
    expect(problemsOf(obj({ staffIds: [], user: 'a' }))).toEqual([
      'spec.staffIds: must have at least 1 item(s)',
    ]);
  });

  it('refuses system: users and groups (system:masters would bypass RBAC)', () => {
    expect(problemsOf(obj({ staffIds: ['s'], user: 'system:admin' }))).toEqual([
      `spec.user: ${IDENTITY_RULE_MESSAGES.reservedUser}`,
    ]);
    expect(problemsOf(obj({ staffIds: ['s'], user: 'a', groups: ['dev', 'system:masters'] }))).toEqual([
      `spec.groups[1]: ${IDENTITY_RULE_MESSAGES.reservedGroup}`,
    ]);
  });

  it('reports duplicates, spaces, unknown fields and a namespace', () => {
    const p = problemsOf(
      obj({ staffIds: ['s', 's'], user: 'has space', extra: 1 }, { metadata: { name: 'a', namespace: 'x' } }),
    );
    expect(p).toEqual(
      expect.arrayContaining([
        'metadata.namespace: must not be set (ChatIdentities are cluster-scoped)',
        'spec.extra: unknown field',
        'spec.staffIds[1]: duplicate value "s"',
        'spec.user: must be printable ASCII without spaces',
      ]),
    );
  });
});

describe('ChatIdentity CRD', () => {
  const crd = load(readFileSync(join(root, 'crds/kubetalk.io_chatidentities.yaml'), 'utf8')) as {
    metadata: { name: string };
    spec: {
      scope: string;
      names: Record<string, unknown>;
      versions: Array<{ schema: { openAPIV3Schema: { properties: { spec: Spec } } } }>;
    };
  };
  type Spec = {
    properties: Record<
      string,
      Spec & { maxItems?: number; maxLength?: number; items?: Spec & { maxLength?: number } }
    >;
    'x-kubernetes-validations'?: Array<{ rule: string; message: string }>;
    items?: Spec;
  };
  const spec = crd.spec.versions[0]!.schema.openAPIV3Schema.properties.spec;
  const rules = (s: { 'x-kubernetes-validations'?: Array<{ message: string }> } | undefined): string[] =>
    (s?.['x-kubernetes-validations'] ?? []).map((r) => r.message);

  it('is cluster-scoped with the names the code uses', () => {
    expect(crd.metadata.name).toBe(IDENTITY_CRD_NAME);
    expect(crd.spec.scope).toBe('Cluster');
    expect(crd.spec.names).toEqual({
      kind: IDENTITY_KIND,
      listKind: IDENTITY_LIST_KIND,
      plural: IDENTITY_PLURAL,
      singular: IDENTITY_SINGULAR,
      shortNames: [...IDENTITY_SHORT_NAMES],
      categories: ['kubetalk'],
    });
  });

  it('has the bounds and rule messages of the validator', () => {
    expect(spec.properties['staffIds']?.maxItems).toBe(IDENTITY_LIMITS.staffIdsMaxItems);
    expect(spec.properties['unionIds']?.maxItems).toBe(IDENTITY_LIMITS.unionIdsMaxItems);
    expect(spec.properties['staffIds']?.items?.maxLength).toBe(IDENTITY_LIMITS.chatIdMaxLength);
    expect(spec.properties['user']?.maxLength).toBe(IDENTITY_LIMITS.userMaxLength);
    expect(spec.properties['groups']?.maxItems).toBe(IDENTITY_LIMITS.groupsMaxItems);
    expect(spec.properties['groups']?.items?.maxLength).toBe(IDENTITY_LIMITS.groupMaxLength);
    expect(rules(spec)).toEqual([IDENTITY_RULE_MESSAGES.needsAnId]);
    expect(rules(spec.properties['user'])).toEqual([IDENTITY_RULE_MESSAGES.reservedUser]);
    expect(rules(spec.properties['groups']?.items)).toEqual([IDENTITY_RULE_MESSAGES.reservedGroup]);
  });

  it('is copied unchanged into the chart (one source of truth)', () => {
    const copy = readFileSync(join(root, 'charts/kubetalk/crds/kubetalk.io_chatidentities.yaml'), 'utf8');
    expect(copy, 'cp crds/*.yaml charts/kubetalk/crds/').toBe(
      readFileSync(join(root, 'crds/kubetalk.io_chatidentities.yaml'), 'utf8'),
    );
  });
});
