// Any kubetalk.io object checked offline against the CRD in crds/ that defines its kind: metadata as the API server
// checks every object's, then the CRD's structural schema (with its defaults) and its CEL rules.
import { findCrdVersion, listKinds, type CrdVersion } from './crd-catalog.ts';
import type { StructuralSchema } from './structural-schema.ts';
import { isRecord } from '../../lib/is-record.ts';
import { applyDefaults, validateStructure } from './validate-structural.ts';

export interface CustomResourceOptions {
  /** Namespace to assume when metadata.namespace is missing, as `kubectl apply -n` would (offline checks). */
  readonly defaultNamespace?: string;
  /**
   * Runs the CRD's CEL rules (evaluateRules from ./evaluate-rules.ts). Left out, the rules are trusted to have
   * run at admission: the controller reads only objects the API server admitted, and so never loads CEL.
   */
  readonly rules?: RuleEvaluator;
}

export type RuleEvaluator = (
  schema: StructuralSchema,
  value: unknown,
  path: string,
) => readonly { readonly path: string; readonly message: string }[];

export type CustomResourceResult =
  | { readonly ok: true; readonly crd: CrdVersion; readonly object: Record<string, unknown> }
  | { readonly ok: false; readonly crd: CrdVersion | undefined; readonly problems: readonly string[] };

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Validates obj against the CRD of its apiVersion and kind. The returned object is a defaulted deep copy with
 * metadata.namespace filled in from the default; problems read "path: message", as the API server's do.
 */
export function validateCustomResource(
  obj: unknown,
  options: CustomResourceOptions = {},
): CustomResourceResult {
  if (!isRecord(obj)) return { ok: false, crd: undefined, problems: ['object: must be a YAML/JSON object'] };
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const crd = findCrdVersion(apiVersion, kind);
  if (!crd) {
    const known = listKinds(apiVersion.split('/')[0] ?? '');
    return {
      ok: false,
      crd: undefined,
      problems: [
        `kind: no CRD in crds/ defines ${apiVersion} ${kind}${known.length ? ` (known: ${known.join(', ')})` : ''}`,
      ],
    };
  }
  return validateWithCrd(crd, obj, options);
}

/** validateCustomResource for a known CRD version; apiVersion and kind are taken as the CRD's. */
export function validateWithCrd(
  crd: CrdVersion,
  obj: Record<string, unknown>,
  options: CustomResourceOptions = {},
): CustomResourceResult {
  const problems = checkMetadata(crd, obj.metadata, options);
  const object = structuredClone(obj);
  if (isRecord(object.metadata) && crd.scope === 'Namespaced' && object.metadata.namespace === undefined) {
    if (options.defaultNamespace !== undefined) object.metadata.namespace = options.defaultNamespace;
  }
  applyDefaults(crd.schema, object);
  const structural = validateStructure(bodySchema(crd.schema), object, '');
  problems.push(...structural.map((p) => `${p.path}: ${p.message}`));
  // As the API server: a value of the wrong type stops the CEL rules (they would read it), other problems do not.
  if (options.rules && !structural.some((p) => p.blocking)) {
    problems.push(...options.rules(crd.schema, object, '').map((p) => `${p.path}: ${p.message}`));
  }
  return problems.length > 0 ? { ok: false, crd, problems } : { ok: true, crd, object };
}

/** The root schema with apiVersion, kind and metadata left to checkMetadata (the API server checks them itself). */
const bodies = new WeakMap<StructuralSchema, StructuralSchema>();
function bodySchema(root: StructuralSchema): StructuralSchema {
  let body = bodies.get(root);
  if (!body) {
    body = { ...root, properties: { ...root.properties, apiVersion: {}, kind: {}, metadata: {} } };
    bodies.set(root, body);
  }
  return body;
}

/** The ObjectMeta checks every object gets: a DNS-1123 name, and a namespace exactly when the kind is namespaced. */
function checkMetadata(crd: CrdVersion, value: unknown, options: CustomResourceOptions): string[] {
  if (!isRecord(value)) return ['metadata: is required and must be an object'];
  const problems: string[] = [];
  const name = value.name;
  if (name === undefined || name === '') problems.push('metadata.name: is required');
  else if (typeof name !== 'string') problems.push('metadata.name: must be a string');
  else if (name.length > 253) problems.push('metadata.name: must be at most 253 characters');
  else if (!DNS1123_SUBDOMAIN.test(name)) {
    problems.push("metadata.name: must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.')");
  }
  const given = value.namespace === '' ? undefined : value.namespace;
  const namespace = given ?? (crd.scope === 'Namespaced' ? options.defaultNamespace : undefined);
  if (crd.scope === 'Cluster') {
    if (namespace !== undefined) {
      problems.push(`metadata.namespace: must not be set (${pluralKind(crd.kind)} are cluster-scoped)`);
    }
  } else if (namespace === undefined) {
    problems.push(`metadata.namespace: is required (${pluralKind(crd.kind)} are namespaced)`);
  } else if (typeof namespace !== 'string' || namespace.length > 63 || !DNS1123_LABEL.test(namespace)) {
    problems.push("metadata.namespace: must be a DNS-1123 label (lowercase letters, digits and '-')");
  }
  return problems;
}

function pluralKind(kind: string): string {
  return /[^aeiou]y$/.test(kind) ? `${kind.slice(0, -1)}ies` : `${kind}s`;
}
