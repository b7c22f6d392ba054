// A typed model's first step (ChatCommand, ChatIdentity, AlertRoute …): the object checked against its own kind's
// CRD, whatever apiVersion and kind it claims; a claim that is not that kind's is one more problem.
import { isRecord } from '../../lib/is-record.ts';
import { findCrdVersion } from './crd-catalog.ts';
import {
  validateWithCrd,
  type CustomResourceOptions,
  type CustomResourceResult,
} from './validate-custom-resource.ts';

export function validateOwnKind(
  obj: unknown,
  apiVersion: string,
  kind: string,
  options: CustomResourceOptions,
): CustomResourceResult {
  if (!isRecord(obj)) return { ok: false, crd: undefined, problems: ['object: must be a YAML/JSON object'] };
  const crd = findCrdVersion(apiVersion, kind);
  if (!crd) throw new Error(`crds/ has no CRD for ${apiVersion} ${kind}`);
  const problems: string[] = [];
  if (obj.apiVersion !== apiVersion) problems.push(`apiVersion: must be ${apiVersion}`);
  if (obj.kind !== kind) problems.push(`kind: must be ${kind}`);
  const result = validateWithCrd(crd, obj, options);
  if (!result.ok) return { ...result, problems: [...problems, ...result.problems] };
  return problems.length > 0 ? { ok: false, crd, problems } : result;
}
