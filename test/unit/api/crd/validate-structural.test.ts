// The structural-schema walker on the Kubernetes specifics a plain JSON-schema validator gets wrong or lacks.
import { describe, expect, it } from 'vitest';
import type { StructuralSchema } from '../../../../src/api/crd/structural-schema.ts';
import { assertSupportedSchema } from '../../../../src/api/crd/structural-schema.ts';
import { applyDefaults, validateStructure } from '../../../../src/api/crd/validate-structural.ts';

const messages = (schema: StructuralSchema, value: unknown): string[] =>
  validateStructure(schema, value, 'x').map((p) => `${p.path}: ${p.message}`);

describe('validateStructure', () => {
  it('counts maxLength in runes (code points), not UTF-16 units', () => {
    const schema: StructuralSchema = { type: 'string', maxLength: 2 };
    expect(messages(schema, '🚀🚀')).toEqual([]);
    expect(messages(schema, '🚀🚀🚀')).toEqual(['x: must be at most 2 characters']);
  });

  it('accepts an integer or a string for x-kubernetes-int-or-string, nothing else', () => {
    const schema: StructuralSchema = { 'x-kubernetes-int-or-string': true };
    expect(messages(schema, 3)).toEqual([]);
    expect(messages(schema, '25%')).toEqual([]);
    expect(messages(schema, 1.5)).toEqual(['x: must be an integer or a string']);
    expect(messages(schema, true)).toEqual(['x: must be an integer or a string']);
  });

  it('accepts null only where the schema is nullable, and marks a wrong type as blocking the CEL rules', () => {
    expect(messages({ type: 'string', nullable: true }, null)).toEqual([]);
    const problems = validateStructure({ type: 'string' }, null, 'x');
    expect(problems).toEqual([{ path: 'x', message: 'must be a string', blocking: true }]);
    expect(validateStructure({ type: 'string', maxLength: 1 }, 'ab', 'x')[0]?.blocking).toBe(false);
  });

  it('refuses unknown fields unless the object preserves them, and allows an embedded resource its header', () => {
    const closed: StructuralSchema = { type: 'object', properties: { a: { type: 'string' } } };
    expect(messages(closed, { a: 'y', b: 1 })).toEqual(['x.b: unknown field']);
    expect(messages({ ...closed, 'x-kubernetes-preserve-unknown-fields': true }, { b: 1 })).toEqual([]);
    const embedded: StructuralSchema = { ...closed, 'x-kubernetes-embedded-resource': true };
    expect(messages(embedded, { apiVersion: 'v1', kind: 'Pod', metadata: {} })).toEqual([]);
    expect(messages({ type: 'object' }, { anything: 1 })).toEqual([]);
  });

  it('checks set and map list types for duplicates, naming the key', () => {
    expect(
      messages({ type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } }, ['a', 'a']),
    ).toEqual(['x[1]: duplicate value "a"']);
    const conditions: StructuralSchema = {
      type: 'array',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['type'],
      items: { type: 'object', properties: { type: { type: 'string' } } },
    };
    expect(
      validateStructure(conditions, [{ type: 'Ready' }, { type: 'Ready' }], 'status.conditions'),
    ).toEqual([
      { path: 'status.conditions[1]', message: 'duplicate condition type "Ready"', blocking: false },
    ]);
  });

  it('checks format date-time and ignores informational formats (int32, int64)', () => {
    expect(messages({ type: 'string', format: 'date-time' }, '2026-01-01T00:00:00Z')).toEqual([]);
    expect(messages({ type: 'string', format: 'date-time' }, 'yesterday')).toEqual([
      'x: must be an RFC 3339 date-time',
    ]);
    expect(messages({ type: 'integer', format: 'int32' }, 5)).toEqual([]);
  });

  it('reports map entries by key, and bounds on their count', () => {
    const labels: StructuralSchema = {
      type: 'object',
      maxProperties: 1,
      additionalProperties: { type: 'string' },
    };
    expect(messages(labels, { a: 'b', c: 1 })).toEqual([
      'x: must have at most 1 entries',
      'x["c"]: must be a string',
    ]);
  });

  it('quotes the regex of a pattern it has no words for', () => {
    expect(messages({ type: 'string', pattern: '^a+$' }, 'b')).toEqual(['x: must be a string matching ^a+$']);
  });
});

describe('applyDefaults', () => {
  it('fills missing fields, nested ones too, without touching given ones', () => {
    const schema: StructuralSchema = {
      type: 'object',
      properties: {
        a: { type: 'integer', default: 1 },
        b: { type: 'object', default: {}, properties: { c: { type: 'string', default: 'd' } } },
      },
    };
    const value: Record<string, unknown> = { a: 5 };
    applyDefaults(schema, value);
    expect(value).toEqual({ a: 5, b: { c: 'd' } });
  });
});

describe('assertSupportedSchema', () => {
  it('refuses keywords offline validation does not implement, so a CRD using one fails loudly', () => {
    expect(() =>
      assertSupportedSchema({ type: 'object', properties: { a: { oneOf: [] } as StructuralSchema } }),
    ).toThrow('.a: schema keyword "oneOf" is not supported by offline validation');
  });
});
