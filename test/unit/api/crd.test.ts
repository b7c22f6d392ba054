// The CRD file: it parses, names and columns are right, and its schema is one the API server will accept.
import { describe, expect, it } from 'vitest';
import {
  API_VERSION,
  CATEGORY,
  CRD_NAME,
  GROUP,
  KIND,
  LIST_KIND,
  PLURAL,
  ROLLOUT_OPERATIONS,
  SHORT_NAMES,
  SINGULAR,
  VERSION,
  WORKLOAD_KINDS,
} from '../../../src/api/chat-command.ts';
import { DEFAULTS, LIMITS } from '../../../src/api/limits.ts';
import {
  BUILTIN_PREFIX_PATTERN,
  CHAT_ID_PATTERN,
  DNS1123_LABEL_PATTERN,
  DNS1123_SUBDOMAIN_PATTERN,
  LABEL_VALUE_PATTERN,
  TRIGGER_PATTERN,
} from '../../../src/api/patterns.ts';
import { compileRule } from '../../../src/api/crd/evaluate-rules.ts';
import type { Schema } from './support/crd-file.ts';
import { loadCrd, rootSchema, walkSchema } from './support/crd-file.ts';

const crd = loadCrd();
const root = rootSchema(crd);
const version = crd.spec.versions[0]!;

function at(path: string): Schema {
  let node: Schema | undefined = root;
  for (const part of path.split('.')) {
    node = part === '[]' ? node?.items : node?.properties?.[part];
    if (!node) throw new Error(`no schema at ${path}`);
  }
  return node;
}

describe('ChatCommand CRD identity', () => {
  it('is an apiextensions v1 CRD for kubetalk.io/v1alpha1 ChatCommand', () => {
    expect(crd.apiVersion).toBe('apiextensions.k8s.io/v1');
    expect(crd.kind).toBe('CustomResourceDefinition');
    expect(crd.metadata.name).toBe(CRD_NAME);
    expect(crd.spec.group).toBe(GROUP);
    expect(crd.spec.scope).toBe('Namespaced');
    expect(API_VERSION).toBe(`${GROUP}/${VERSION}`);
    expect(crd.spec.names).toEqual({
      kind: KIND,
      listKind: LIST_KIND,
      plural: PLURAL,
      singular: SINGULAR,
      shortNames: [...SHORT_NAMES],
      categories: [CATEGORY],
    });
  });

  it('does not reuse a short name of a built-in resource', () => {
    const builtin = [
      'cm',
      'cs',
      'ds',
      'deploy',
      'ep',
      'ev',
      'hpa',
      'ing',
      'limits',
      'netpol',
      'no',
      'ns',
      'pdb',
    ];
    builtin.push('po', 'pv', 'pvc', 'quota', 'rc', 'rs', 'sa', 'sc', 'svc', 'sts', 'crd', 'csr', 'pc', 'psp');
    for (const s of crd.spec.names.shortNames) expect(builtin).not.toContain(s);
  });

  it('serves and stores one version with a status subresource', () => {
    expect(crd.spec.versions).toHaveLength(1);
    expect(version).toMatchObject({
      name: VERSION,
      served: true,
      storage: true,
      subresources: { status: {} },
    });
  });

  it('prints Trigger, Action, Ready, Reason, Age, and Kind and Summary in wide output', () => {
    const cols = version.additionalPrinterColumns.map((c) => [c.name, c.jsonPath, c.priority ?? 0]);
    expect(cols).toEqual([
      ['Trigger', '.spec.trigger', 0],
      ['Action', '.status.action', 0],
      ['Ready', '.status.conditions[?(@.type=="Ready")].status', 0],
      ['Reason', '.status.conditions[?(@.type=="Ready")].reason', 0],
      ['Age', '.metadata.creationTimestamp', 0],
      ['Kind', '.spec.targets.kind', 1],
      ['Summary', '.status.summary', 1],
    ]);
    expect(version.additionalPrinterColumns.find((c) => c.name === 'Age')?.type).toBe('date');
  });
});

describe('ChatCommand CRD schema', () => {
  it('requires spec, and trigger, targets, action and allow in it', () => {
    expect(root.required).toEqual(['spec']);
    expect(at('spec').required).toEqual(['trigger', 'targets', 'action', 'allow']);
  });

  it('uses the same patterns as src/api/patterns.ts', () => {
    expect(at('spec.trigger').pattern).toBe(TRIGGER_PATTERN);
    expect(at('spec.aliases.[]').pattern).toBe(TRIGGER_PATTERN);
    expect(at('spec.targets.names.[]').pattern).toBe(DNS1123_SUBDOMAIN_PATTERN);
    expect(at('spec.action.logs.container').pattern).toBe(DNS1123_LABEL_PATTERN);
    expect(at('spec.allow.users.[]').pattern).toBe(CHAT_ID_PATTERN);
    expect(at('spec.allow.conversations.[]').pattern).toBe(CHAT_ID_PATTERN);
    expect(at('spec.targets.selector.matchLabels').additionalProperties?.pattern).toBe(LABEL_VALUE_PATTERN);
    expect(at('spec.trigger')['x-kubernetes-validations']?.[0]?.rule).toContain(BUILTIN_PREFIX_PATTERN);
  });

  it('uses the same bounds and defaults as src/api/limits.ts', () => {
    expect(at('spec.trigger').maxLength).toBe(LIMITS.triggerMaxLength);
    expect(at('spec.aliases').maxItems).toBe(LIMITS.aliasesMaxItems);
    expect(at('spec.description').maxLength).toBe(LIMITS.descriptionMaxLength);
    expect(at('spec.targets.kind').enum).toEqual([...WORKLOAD_KINDS]);
    expect(at('spec.targets.names').maxItems).toBe(LIMITS.namesMaxItems);
    expect(at('spec.action.scale.maxReplicas').maximum).toBe(LIMITS.replicasMax);
    expect(at('spec.action.scale.minReplicas').minimum).toBe(0);
    expect(at('spec.action.rollout.operation').enum).toEqual([...ROLLOUT_OPERATIONS]);
    expect(at('spec.action.rollout.timeoutSeconds')).toMatchObject({
      default: DEFAULTS.timeoutSeconds,
      minimum: LIMITS.timeoutSecondsMin,
      maximum: LIMITS.timeoutSecondsMax,
    });
    expect(at('spec.action.logs.tailLines')).toMatchObject({
      default: DEFAULTS.tailLines,
      maximum: LIMITS.tailLinesMax,
    });
    expect(at('spec.action.logs.maxTailLines')).toMatchObject({
      default: DEFAULTS.maxTailLines,
      maximum: LIMITS.tailLinesMax,
    });
    expect(at('spec.action.logs.maxBytes')).toMatchObject({
      default: DEFAULTS.maxBytes,
      minimum: LIMITS.maxBytesMin,
      maximum: LIMITS.maxBytesMax,
    });
    expect(at('spec.action.logs.sinceSeconds').maximum).toBe(LIMITS.sinceSecondsMax);
    expect(at('spec.allow.admins').default).toBe(DEFAULTS.admins);
    expect(at('spec.allow.conversations').maxItems).toBe(LIMITS.conversationsMaxItems);
    expect(at('spec.allow.users').maxItems).toBe(LIMITS.usersMaxItems);
    expect(at('spec.cooldownSeconds').maximum).toBe(LIMITS.cooldownSecondsMax);
    expect(at('status.conditions').maxItems).toBe(LIMITS.conditionsMaxItems);
    expect(at('status.action').maxLength).toBe(LIMITS.statusActionMaxLength);
    expect(at('status.summary').maxLength).toBe(LIMITS.statusSummaryMaxLength);
  });

  it('makes lists of scalars sets, and conditions a map keyed by type', () => {
    for (const path of [
      'spec.aliases',
      'spec.targets.names',
      'spec.allow.conversations',
      'spec.allow.users',
    ]) {
      expect(at(path)['x-kubernetes-list-type'], path).toBe('set');
    }
    expect(at('status.conditions')['x-kubernetes-list-type']).toBe('map');
    expect(at('status.conditions')['x-kubernetes-list-map-keys']).toEqual(['type']);
    expect(at('status.conditions.[]').required).toEqual([
      'type',
      'status',
      'reason',
      'message',
      'lastTransitionTime',
    ]);
  });

  it('bounds every string and list, so the CEL cost estimator accepts every rule', () => {
    const unbounded: string[] = [];
    walkSchema(root, (node, path) => {
      if (path === '.apiVersion' || path === '.kind') return;
      if (node.type === 'array' && node.maxItems === undefined) unbounded.push(path);
      if (
        node.type === 'string' &&
        node.maxLength === undefined &&
        !node.enum &&
        node.format !== 'date-time'
      ) {
        unbounded.push(path);
      }
      if (node.type === 'object' && node.additionalProperties && node.maxProperties === undefined)
        unbounded.push(path);
    });
    expect(unbounded).toEqual([]);
  });

  it('gives every CEL rule a message, and every rule compiles in the offline evaluator (src/api/crd)', () => {
    walkSchema(root, (node, path) => {
      for (const rule of node['x-kubernetes-validations'] ?? []) {
        expect(rule.message, `${path}: ${rule.rule}`).toBeTruthy();
        expect(() => compileRule(rule.rule), rule.rule).not.toThrow();
      }
    });
  });

  it('types every default so the API server accepts it', () => {
    walkSchema(root, (node, path) => {
      if (node.default === undefined) return;
      const t = typeof node.default;
      expect(node.type === 'integer' ? t === 'number' : t === node.type, path).toBe(true);
    });
  });
});
