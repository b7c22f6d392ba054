// The ChatCommand CRD file as the tests read it (the validator itself reads it through src/api/crd/).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';

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

/** Visits every schema node with its path. */
export function walkSchema(schema: Schema, visit: (node: Schema, path: string) => void, path = ''): void {
  visit(schema, path || '.');
  for (const [k, sub] of Object.entries(schema.properties ?? {})) walkSchema(sub, visit, `${path}.${k}`);
  if (schema.additionalProperties) walkSchema(schema.additionalProperties, visit, `${path}.*`);
  if (schema.items) walkSchema(schema.items, visit, `${path}[]`);
}
