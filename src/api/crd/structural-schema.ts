// The parts of a CRD's OpenAPI v3 (structural) schema that offline validation reads, and the keywords it refuses.

export interface ValidationRule {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly fieldPath?: string;
  readonly reason?: string;
  readonly optionalOldSelf?: boolean;
}

export interface StructuralSchema {
  readonly type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  readonly description?: string;
  readonly format?: string;
  readonly title?: string;
  readonly example?: unknown;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, StructuralSchema>>;
  readonly additionalProperties?: StructuralSchema | boolean;
  readonly items?: StructuralSchema;
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: boolean;
  readonly exclusiveMaximum?: boolean;
  readonly multipleOf?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly default?: unknown;
  readonly nullable?: boolean;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-embedded-resource'?: boolean;
  readonly 'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-map-type'?: 'atomic' | 'granular';
  readonly 'x-kubernetes-validations'?: readonly ValidationRule[];
}

/** Keywords this validator implements, or that only document (description, example, map-type …). */
const KNOWN_KEYWORDS = new Set([
  'type',
  'description',
  'format',
  'title',
  'example',
  'externalDocs',
  'required',
  'properties',
  'additionalProperties',
  'items',
  'enum',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'default',
  'nullable',
  'x-kubernetes-int-or-string',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
]);

/**
 * Throws on a keyword the validator does not implement (allOf, anyOf, oneOf, not …), so a CRD that starts
 * using one fails its unit test instead of being checked less strictly offline than by the API server.
 */
export function assertSupportedSchema(schema: StructuralSchema, path = ''): void {
  for (const key of Object.keys(schema)) {
    if (!KNOWN_KEYWORDS.has(key)) {
      throw new Error(`${path || '.'}: schema keyword "${key}" is not supported by offline validation`);
    }
  }
  for (const [k, sub] of Object.entries(schema.properties ?? {})) assertSupportedSchema(sub, `${path}.${k}`);
  if (typeof schema.additionalProperties === 'object') {
    assertSupportedSchema(schema.additionalProperties, `${path}.*`);
  }
  if (schema.items) assertSupportedSchema(schema.items, `${path}[]`);
}

/** Visits every schema node with its path (".spec.trigger", ".spec.aliases[]", ".spec.x.*"). */
export function walkSchema(
  schema: StructuralSchema,
  visit: (node: StructuralSchema, path: string) => void,
  path = '',
): void {
  visit(schema, path || '.');
  for (const [k, sub] of Object.entries(schema.properties ?? {})) walkSchema(sub, visit, `${path}.${k}`);
  if (typeof schema.additionalProperties === 'object')
    walkSchema(schema.additionalProperties, visit, `${path}.*`);
  if (schema.items) walkSchema(schema.items, visit, `${path}[]`);
}
