// A ChatCommand from its CRD: untrusted input → a defaulted ChatCommand, or every problem found. The checks are the
// CRD's own (crds/kubetalk.io_chatcommands.yaml, read by ./crd/: schema, defaults and, when given, CEL rules, with
// the messages the API server gives), plus the few the CRD cannot express (chat-command-runtime-checks).
// validate-chat-command.ts adds the CEL rules (offline checks); the controller decodes admitted objects without.
import type { ChatCommand, ChatCommandMetadata, ChatCommandSpec, ChatCommandStatus } from './chat-command.ts';
import { API_VERSION, KIND } from './chat-command.ts';
import { checkChatCommandRuntimeRules } from './chat-command-runtime-checks.ts';
import type { RuleEvaluator } from './crd/validate-custom-resource.ts';
import { validateOwnKind } from './crd/validate-own-kind.ts';
import { isRecord } from '../lib/is-record.ts';

export type ValidationResult =
  | { readonly ok: true; readonly command: ChatCommand }
  | { readonly ok: false; readonly problems: readonly string[] };

export interface ValidateOptions {
  /** Namespace to assume when metadata.namespace is missing, as `kubectl apply -n` would (offline checks). */
  readonly defaultNamespace?: string;
}

/** The CRD's schema without its CEL rules (they ran at admission), and the runtime checks: for watched objects. */
export function decodeAdmittedChatCommand(obj: unknown): ValidationResult {
  return checkChatCommand(obj, {}, undefined);
}

export function checkChatCommand(
  obj: unknown,
  options: ValidateOptions,
  rules: RuleEvaluator | undefined,
): ValidationResult {
  const result = validateOwnKind(obj, API_VERSION, KIND, { ...options, ...(rules ? { rules } : {}) });
  if (!result.ok) return { ok: false, problems: result.problems };
  const spec = result.object.spec as ChatCommandSpec;
  const problems = checkChatCommandRuntimeRules(spec);
  if (problems.length > 0) return { ok: false, problems };
  const status = result.object.status as ChatCommandStatus | undefined;
  return {
    ok: true,
    command: {
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: pickMetadata(result.object.metadata as Record<string, unknown>),
      spec,
      ...(status ? { status } : {}),
    },
  };
}

/** Identity and the informational fields when well-typed; the API server owns them, so they are not checked further. */
export function pickMetadata(value: Record<string, unknown>): ChatCommandMetadata {
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const map = (v: unknown): Record<string, string> | undefined =>
    isRecord(v) && Object.values(v).every((x) => typeof x === 'string')
      ? (v as Record<string, string>)
      : undefined;
  const uid = str(value.uid);
  const resourceVersion = str(value.resourceVersion);
  const creationTimestamp = str(value.creationTimestamp);
  const generation = typeof value.generation === 'number' ? value.generation : undefined;
  const labels = map(value.labels);
  const annotations = map(value.annotations);
  return {
    name: str(value.name) ?? '',
    namespace: str(value.namespace) ?? '',
    ...(uid !== undefined ? { uid } : {}),
    ...(generation !== undefined ? { generation } : {}),
    ...(resourceVersion !== undefined ? { resourceVersion } : {}),
    ...(creationTimestamp !== undefined ? { creationTimestamp } : {}),
    ...(labels ? { labels: { ...labels } } : {}),
    ...(annotations ? { annotations: { ...annotations } } : {}),
  };
}
