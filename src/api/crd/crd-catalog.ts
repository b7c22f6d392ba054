// Every CRD in crds/, parsed once and looked up by apiVersion and kind: what offline validation is generic over.
import { load } from 'js-yaml';
import { readCrdFiles } from './crd-files.ts';
import { assertSupportedSchema, type StructuralSchema } from './structural-schema.ts';

export interface CrdVersion {
  /** The CRD's file name, for messages. */
  readonly file: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly scope: 'Namespaced' | 'Cluster';
  readonly schema: StructuralSchema;
}

interface CrdDocument {
  kind?: string;
  spec?: {
    group: string;
    scope: 'Namespaced' | 'Cluster';
    names: { kind: string; plural: string };
    versions: { name: string; served?: boolean; schema?: { openAPIV3Schema?: StructuralSchema } }[];
  };
}

let catalog: readonly CrdVersion[] | undefined;

/** Every served version of every CRD file; parsed on first use and kept (the files do not change at run time). */
export function listCrdVersions(): readonly CrdVersion[] {
  catalog ??= readCrdFiles().flatMap(({ name, text }) => parseCrdFile(name, text));
  return catalog;
}

export function parseCrdFile(file: string, text: string): CrdVersion[] {
  const doc = load(text) as CrdDocument | undefined;
  if (doc?.kind !== 'CustomResourceDefinition' || !doc.spec) return [];
  const { group, scope, names, versions } = doc.spec;
  return versions
    .filter((v) => v.served !== false && v.schema?.openAPIV3Schema)
    .map((v) => {
      const schema = v.schema?.openAPIV3Schema ?? {};
      assertSupportedSchema(schema);
      return { file, group, version: v.name, kind: names.kind, plural: names.plural, scope, schema };
    });
}

/** The CRD version that defines apiVersion/kind, if crds/ has one. */
export function findCrdVersion(apiVersion: string, kind: string): CrdVersion | undefined {
  return listCrdVersions().find((c) => `${c.group}/${c.version}` === apiVersion && c.kind === kind);
}

/** The CRD versions of a group, for "did you mean" messages. */
export function listKinds(group: string): string[] {
  return [
    ...new Set(
      listCrdVersions()
        .filter((c) => c.group === group)
        .map((c) => `${c.group}/${c.version} ${c.kind}`),
    ),
  ];
}
