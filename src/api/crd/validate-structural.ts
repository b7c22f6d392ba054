// A value checked against a CRD's structural schema as the API server does: defaults first, then types, bounds,
// patterns, enums, required and unknown fields, and list-type set/map uniqueness, every problem with its path.
import { isRecord } from '../../lib/is-record.ts';
import { describePattern } from './pattern-meanings.ts';
import type { StructuralSchema } from './structural-schema.ts';

export interface StructuralProblem {
  readonly path: string;
  readonly message: string;
  /**
   * A wrong type, a missing required field or a value outside an enum. The API server does not run the CEL rules
   * then ("some validation rules were not checked"), since they would read such values; bounds, lengths and
   * patterns leave the rules running.
   */
  readonly blocking: boolean;
}

/** Applies the schema's defaults in place, as the API server does when it decodes an object. */
export function applyDefaults(schema: StructuralSchema, value: unknown): void {
  if (isRecord(value)) {
    for (const [key, sub] of Object.entries(schema.properties ?? {})) {
      if (value[key] === undefined && sub.default !== undefined) value[key] = structuredClone(sub.default);
      if (value[key] !== undefined) applyDefaults(sub, value[key]);
    }
    if (typeof schema.additionalProperties === 'object') {
      for (const v of Object.values(value)) applyDefaults(schema.additionalProperties, v);
    }
  }
  if (Array.isArray(value) && schema.items) for (const v of value) applyDefaults(schema.items, v);
}

/** Every structural problem of value at path (empty: valid). */
export function validateStructure(
  schema: StructuralSchema,
  value: unknown,
  path: string,
): StructuralProblem[] {
  const problems: StructuralProblem[] = [];
  checkNode(schema, value, path, problems);
  return problems;
}

type Sink = StructuralProblem[];

function add(sink: Sink, path: string, message: string, blocking = false): void {
  sink.push({ path, message, blocking });
}

function checkNode(schema: StructuralSchema, value: unknown, path: string, sink: Sink): void {
  if (value === null) {
    if (!schema.nullable) add(sink, path, `must be ${describeType(schema)}`, true);
    return;
  }
  if (!typeMatches(schema, value)) {
    add(sink, path, `must be ${describeType(schema)}`, true);
    return;
  }
  if (typeof value === 'string') checkString(schema, value, path, sink);
  else if (typeof value === 'number') checkNumber(schema, value, path, sink);
  else if (schema.enum && !schema.enum.includes(value))
    add(sink, path, `must be one of ${schema.enum.join(', ')}`, true);
  if (Array.isArray(value)) checkList(schema, value, path, sink);
  else if (isRecord(value)) checkObject(schema, value, path, sink);
}

function typeMatches(schema: StructuralSchema, value: unknown): boolean {
  if (schema['x-kubernetes-int-or-string']) {
    return typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value));
  }
  switch (schema.type) {
    case undefined:
      return true;
    case 'object':
      return isRecord(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return false;
  }
}

function describeType(schema: StructuralSchema): string {
  if (schema['x-kubernetes-int-or-string']) return 'an integer or a string';
  switch (schema.type) {
    case 'object':
      return 'an object';
    case 'array':
      return 'a list';
    case 'string':
      return 'a string';
    case 'integer':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    default:
      return 'a value';
  }
}

/** RFC 3339, the `format: date-time` the API server checks (other formats are informational there too). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const compiled = new Map<string, RegExp>();

function checkString(schema: StructuralSchema, value: string, path: string, sink: Sink): void {
  // maxLength counts runes (code points), as the API server does, not UTF-16 units.
  const length = Array.from(value).length;
  if (schema.minLength !== undefined && length < schema.minLength) {
    add(
      sink,
      path,
      schema.minLength === 1 ? 'must not be empty' : `must be at least ${schema.minLength} characters`,
    );
  }
  if (schema.maxLength !== undefined && length > schema.maxLength) {
    add(sink, path, `must be at most ${schema.maxLength} characters`);
  }
  if (schema.enum && !schema.enum.includes(value))
    add(sink, path, `must be one of ${schema.enum.join(', ')}`, true);
  if (schema.pattern !== undefined) {
    let re = compiled.get(schema.pattern);
    // `u` so that ranges compare code points, as RE2 does.
    if (!re) compiled.set(schema.pattern, (re = new RegExp(schema.pattern, 'u')));
    if (!re.test(value)) add(sink, path, `must be ${describePattern(schema.pattern, path)}`);
  }
  if (schema.format === 'date-time' && !DATE_TIME.test(value))
    add(sink, path, 'must be an RFC 3339 date-time');
}

function checkNumber(schema: StructuralSchema, value: number, path: string, sink: Sink): void {
  if (schema.minimum !== undefined) {
    if (schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum) {
      add(sink, path, `must be ${schema.exclusiveMinimum ? 'greater than' : 'at least'} ${schema.minimum}`);
    }
  }
  if (schema.maximum !== undefined) {
    if (schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum) {
      add(sink, path, `must be ${schema.exclusiveMaximum ? 'less than' : 'at most'} ${schema.maximum}`);
    }
  }
  if (schema.multipleOf !== undefined && value % schema.multipleOf !== 0) {
    add(sink, path, `must be a multiple of ${schema.multipleOf}`);
  }
  if (schema.enum && !schema.enum.includes(value))
    add(sink, path, `must be one of ${schema.enum.join(', ')}`, true);
}

function checkList(schema: StructuralSchema, value: unknown[], path: string, sink: Sink): void {
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    add(sink, path, `must have at least ${schema.minItems} item(s)`);
  }
  if (schema.maxItems !== undefined && value.length > schema.maxItems) {
    add(sink, path, `must have at most ${schema.maxItems} items`);
  }
  const listType = schema['x-kubernetes-list-type'];
  const mapKeys = schema['x-kubernetes-list-map-keys'] ?? [];
  const seen = new Set<string>();
  value.forEach((item, i) => {
    const at = `${path}[${i}]`;
    const before = sink.length;
    if (schema.items) checkNode(schema.items, item, at, sink);
    if (sink.length !== before) return;
    if (listType === 'set' || schema.uniqueItems) {
      const key = JSON.stringify(item);
      if (seen.has(key))
        add(sink, at, `duplicate value ${typeof item === 'string' ? JSON.stringify(item) : key}`);
      seen.add(key);
    } else if (listType === 'map' && isRecord(item)) {
      const key = JSON.stringify(mapKeys.map((k) => item[k]));
      // At the item, as the API server reports a duplicate map key.
      if (seen.has(key)) add(sink, at, describeDuplicate(path, mapKeys, item));
      seen.add(key);
    }
  });
}

/** `duplicate condition type "Ready"`: the list's name made singular, then its key(s) and value(s). */
function describeDuplicate(path: string, keys: readonly string[], item: Record<string, unknown>): string {
  const list = /([A-Za-z]+)$/.exec(path)?.[1] ?? 'item';
  const singular = list.endsWith('s') ? list.slice(0, -1) : list;
  const values = keys.map((k) => (typeof item[k] === 'string' ? JSON.stringify(item[k]) : String(item[k])));
  return `duplicate ${singular} ${keys.join('/')} ${values.join('/')}`;
}

function checkObject(
  schema: StructuralSchema,
  value: Record<string, unknown>,
  path: string,
  sink: Sink,
): void {
  const properties = schema.properties ?? {};
  const additional = schema.additionalProperties;
  const open =
    schema['x-kubernetes-preserve-unknown-fields'] === true ||
    additional === true ||
    (schema.properties === undefined && additional === undefined);
  const embedded = schema['x-kubernetes-embedded-resource'] === true;
  if (additional === undefined || additional === false) {
    for (const key of Object.keys(value)) {
      const known = key in properties || (embedded && ['apiVersion', 'kind', 'metadata'].includes(key));
      if (!known && !open) add(sink, join(path, key), 'unknown field');
    }
  }
  const count = Object.keys(value).length;
  if (schema.minProperties !== undefined && count < schema.minProperties) {
    add(sink, path, `must have at least ${schema.minProperties} entries`);
  }
  if (schema.maxProperties !== undefined && count > schema.maxProperties) {
    add(sink, path, `must have at most ${schema.maxProperties} entries`);
  }
  const required = new Set(schema.required ?? []);
  for (const [key, sub] of Object.entries(properties)) {
    if (value[key] === undefined) {
      if (required.has(key)) add(sink, join(path, key), 'is required', true);
      continue;
    }
    checkNode(sub, value[key], join(path, key), sink);
  }
  for (const key of required) {
    if (!(key in properties) && value[key] === undefined) add(sink, join(path, key), 'is required', true);
  }
  if (typeof additional === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (!(key in properties)) checkNode(additional, v, `${path}[${JSON.stringify(key)}]`, sink);
    }
  }
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}
