// A ChatIdentity from its CRD: untrusted input → a ChatIdentity, or every problem, by the CRD itself
// (crds/kubetalk.io_chatidentities.yaml: schema and, when given, CEL rules, read by ./crd/).
import { API_VERSION } from './chat-command.ts';
import type { ChatIdentity, ChatIdentitySpec } from './chat-identity.ts';
import { IDENTITY_KIND } from './chat-identity.ts';
import type { RuleEvaluator } from './crd/validate-custom-resource.ts';
import { validateOwnKind } from './crd/validate-own-kind.ts';
import { isRecord } from '../lib/is-record.ts';

export type IdentityValidation =
  | { readonly ok: true; readonly identity: ChatIdentity }
  | { readonly ok: false; readonly problems: readonly string[] };

/** The CRD's schema without its CEL rules (they ran at admission): for watched objects. */
export function decodeAdmittedChatIdentity(obj: unknown): IdentityValidation {
  return checkChatIdentity(obj, undefined);
}

export function checkChatIdentity(obj: unknown, rules: RuleEvaluator | undefined): IdentityValidation {
  const result = validateOwnKind(obj, API_VERSION, IDENTITY_KIND, rules ? { rules } : {});
  if (!result.ok) return { ok: false, problems: result.problems };
  const meta = result.object.metadata as Record<string, unknown>;
  const uid = typeof meta.uid === 'string' ? meta.uid : undefined;
  const generation = typeof meta.generation === 'number' ? meta.generation : undefined;
  const resourceVersion = typeof meta.resourceVersion === 'string' ? meta.resourceVersion : undefined;
  // Status is the controller's own output; it is copied for comparison, never trusted for decisions.
  const status = isRecord(result.object.status)
    ? (result.object.status as ChatIdentity['status'])
    : undefined;
  return {
    ok: true,
    identity: {
      apiVersion: API_VERSION,
      kind: IDENTITY_KIND,
      metadata: {
        name: String(meta.name),
        ...(uid !== undefined ? { uid } : {}),
        ...(generation !== undefined ? { generation } : {}),
        ...(resourceVersion !== undefined ? { resourceVersion } : {}),
      },
      spec: result.object.spec as ChatIdentitySpec,
      ...(status ? { status } : {}),
    },
  };
}
