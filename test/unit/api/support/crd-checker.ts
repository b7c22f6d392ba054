// Applies the ChatCommand CRD's schema to an object the way the API server would: defaults, then structural
// validation (strict about unknown fields, like kubectl's default field validation), then the CEL rules.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { compileCel } from './cel-subset.ts';

export interface Schema {
  type?: string;
  description?: string;
  format?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: Schema;
  items?: Schema;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  maxProperties?: number;
  default?: unknown;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-validations'?: { rule: string; message?: string; fieldPath?: string }[];
}

export const CRD_PATH = fileURLToPath(
  new URL('../../../../crds/kubetalk.io_chatcommands.yaml', import.meta.url),
);

// Shapes of the parts of a CustomResourceDefinition the tests read.
export interface Crd {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: {
    group: string;
    scope: string;
    names: {
      kind: string;
      listKind: string;
      plural: string;
      singular: string;
      shortNames: string[];
      categories: string[];
    };
    versions: {
      name: string;
      served: boolean;
      storage: boolean;
      subresources?: { status?: object };
      additionalPrinterColumns: { name: string; type: string; jsonPath: string; priority?: number }[];
      schema: { openAPIV3Schema: Schema };
    }[];
  };
}

export function loadCrd(): Crd {
  return load(readFileSync(CRD_PATH, 'utf8')) as Crd;
}

export function rootSchema(crd: Crd): Schema {
  const version = crd.spec.versions[0];
  if (!version) throw new Error('CRD has no versions');
  return version.schema.openAPIV3Schema;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function applyDefaults(schema: Schema, value: unknown): void {
  if (isObject(value) && schema.properties) {
    for (const [key, sub] of Object.entries(schema.properties)) {
      if (value[key] === undefined && sub.default !== undefined) value[key] = structuredClone(sub.default);
      if (value[key] !== undefined) applyDefaults(sub, value[key]);
    }
  }
  if (isObject(value) && schema.additionalProperties) {
    for (const v of Object.values(value)) applyDefaults(schema.additionalProperties, v);
  }
  if (Array.isArray(value) && schema.items) for (const v of value) applyDefaults(schema.items, v);
}

function typeMatches(type: string | undefined, v: unknown): boolean {
  switch (type) {
    case undefined:
      return true;
    case 'object':
      return isObject(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    default:
      throw new Error(`schema type ${type} not handled`);
  }
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Returns the errors for value at path (empty = valid). */
function validate(schema: Schema, value: unknown, path: string, errors: string[]): void {
  const before = errors.length;
  if (!typeMatches(schema.type, value)) {
    errors.push(`${path}: expected ${schema.type}`);
    return;
  }
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${path}: not in enum`);
  if (typeof value === 'string') {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength)
      errors.push(`${path}: shorter than minLength`);
    if (schema.maxLength !== undefined && length > schema.maxLength)
      errors.push(`${path}: longer than maxLength`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) {
      errors.push(`${path}: does not match pattern`);
    }
    if (schema.format === 'date-time' && !DATE_TIME.test(value)) errors.push(`${path}: not a date-time`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${path}: below minimum`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${path}: above maximum`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      errors.push(`${path}: fewer than minItems`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      errors.push(`${path}: more than maxItems`);
    if (schema['x-kubernetes-list-type'] === 'set' && new Set(value).size !== value.length) {
      errors.push(`${path}: duplicate items in a set`);
    }
    if (schema['x-kubernetes-list-type'] === 'map') {
      const keys = value.map((item) =>
        JSON.stringify(
          (schema['x-kubernetes-list-map-keys'] ?? []).map((k) => (item as Record<string, unknown>)[k]),
        ),
      );
      if (new Set(keys).size !== keys.length) errors.push(`${path}: duplicate map keys`);
    }
    value.forEach((item, i) => schema.items && validate(schema.items, item, `${path}[${i}]`, errors));
  }
  if (isObject(value)) {
    for (const key of schema.required ?? []) {
      if (value[key] === undefined) errors.push(`${path}.${key}: required`);
    }
    if (schema.maxProperties !== undefined && Object.keys(value).length > schema.maxProperties) {
      errors.push(`${path}: more than maxProperties`);
    }
    const open = schema.properties === undefined && schema.additionalProperties === undefined;
    for (const [key, v] of Object.entries(value)) {
      const sub = schema.properties?.[key] ?? schema.additionalProperties;
      if (sub) validate(sub, v, `${path}.${key}`, errors);
      else if (!open) errors.push(`${path}.${key}: unknown field`);
    }
  }
  // CEL rules only run on values that passed the structural checks (their inputs are then well-typed).
  if (errors.length === before) {
    for (const rule of schema['x-kubernetes-validations'] ?? []) {
      let result: unknown;
      try {
        result = compileCel(rule.rule)(value);
      } catch (err) {
        if (err instanceof Error && err.message.startsWith('CEL subset')) throw err;
        result = false;
      }
      if (result !== true) errors.push(`${path}: ${rule.message ?? rule.rule}`);
    }
  }
}

export interface CrdVerdict {
  readonly errors: string[];
  /** The object after the schema's defaults were applied. */
  readonly defaulted: unknown;
}

export function checkAgainstCrd(schema: Schema, obj: unknown): CrdVerdict {
  const defaulted = structuredClone(obj);
  applyDefaults(schema, defaulted);
  const errors: string[] = [];
  validate(schema, defaulted, 'object', errors);
  return { errors, defaulted };
}

/** Visits every schema node with its path. */
export function walkSchema(schema: Schema, visit: (node: Schema, path: string) => void, path = ''): void {
  visit(schema, path || '.');
  for (const [k, sub] of Object.entries(schema.properties ?? {})) walkSchema(sub, visit, `${path}.${k}`);
  if (schema.additionalProperties) walkSchema(schema.additionalProperties, visit, `${path}.*`);
  if (schema.items) walkSchema(schema.items, visit, `${path}[]`);
}
