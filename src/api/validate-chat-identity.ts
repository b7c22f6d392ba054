// validateChatIdentity: untrusted input (a watched object, a YAML file) → a ChatIdentity, or every problem found.
// It mirrors crds/kubetalk.io_chatidentities.yaml (test/unit/authz/validate-chat-identity.test.ts checks the bounds agree).
import { API_VERSION } from './chat-command.ts';
import {
  IDENTITY_KIND,
  IDENTITY_LIMITS,
  IDENTITY_RULE_MESSAGES,
  RESERVED_PREFIX,
  type ChatIdentity,
  type ChatIdentitySpec,
} from './chat-identity.ts';
import { CHAT_ID_PATTERN, compilePattern, DNS1123_SUBDOMAIN_PATTERN } from './patterns.ts';
import {
  addProblem,
  isRecord,
  readObject,
  readString,
  readStringList,
  requireField,
  type Problems,
  type StringRules,
} from './schema-checks.ts';

export type IdentityValidation =
  | { readonly ok: true; readonly identity: ChatIdentity }
  | { readonly ok: false; readonly problems: readonly string[] };

const CHAT_ID: StringRules = {
  minLength: 1,
  maxLength: IDENTITY_LIMITS.chatIdMaxLength,
  pattern: compilePattern(CHAT_ID_PATTERN),
  patternMeans: 'printable ASCII without spaces',
};
const PRINTABLE = (max: number): StringRules => ({
  minLength: 1,
  maxLength: max,
  pattern: compilePattern(CHAT_ID_PATTERN),
  patternMeans: 'printable ASCII without spaces',
});
const NAME_RULES: StringRules = {
  minLength: 1,
  maxLength: 253,
  pattern: compilePattern(DNS1123_SUBDOMAIN_PATTERN),
  patternMeans: 'a DNS-1123 subdomain',
};

export function validateChatIdentity(obj: unknown): IdentityValidation {
  const problems: Problems = [];
  if (!isRecord(obj)) return { ok: false, problems: ['object: must be a YAML/JSON object'] };
  if (obj.apiVersion !== API_VERSION) addProblem(problems, 'apiVersion', `must be ${API_VERSION}`);
  if (obj.kind !== IDENTITY_KIND) addProblem(problems, 'kind', `must be ${IDENTITY_KIND}`);
  const meta = isRecord(obj.metadata) ? obj.metadata : undefined;
  if (!meta) addProblem(problems, 'metadata', 'is required and must be an object');
  const name =
    meta && requireField(meta, 'name', 'metadata', problems)
      ? readString(meta.name, 'metadata.name', problems, NAME_RULES)
      : undefined;
  if (meta?.namespace !== undefined && meta.namespace !== '')
    addProblem(problems, 'metadata.namespace', 'must not be set (ChatIdentities are cluster-scoped)');
  const spec = requireField(obj, 'spec', 'object', problems) ? validateSpec(obj.spec, problems) : undefined;
  if (problems.length > 0 || name === undefined || !spec || !meta) return { ok: false, problems };
  const uid = typeof meta.uid === 'string' ? meta.uid : undefined;
  const generation = typeof meta.generation === 'number' ? meta.generation : undefined;
  const resourceVersion = typeof meta.resourceVersion === 'string' ? meta.resourceVersion : undefined;
  // Status is the controller's own output; it is copied for comparison, never trusted for decisions.
  const status = isRecord(obj.status) ? (obj.status as ChatIdentity['status']) : undefined;
  return {
    ok: true,
    identity: {
      apiVersion: API_VERSION,
      kind: IDENTITY_KIND,
      metadata: {
        name,
        ...(uid !== undefined ? { uid } : {}),
        ...(generation !== undefined ? { generation } : {}),
        ...(resourceVersion !== undefined ? { resourceVersion } : {}),
      },
      spec,
      ...(status ? { status } : {}),
    },
  };
}

function validateSpec(value: unknown, problems: Problems): ChatIdentitySpec | undefined {
  const obj = readObject(value, 'spec', problems, ['staffIds', 'unionIds', 'user', 'groups']);
  if (!obj) return undefined;
  const before = problems.length;
  const list = (key: 'staffIds' | 'unionIds', max: number): string[] | undefined =>
    obj[key] === undefined
      ? undefined
      : readStringList(obj[key], `spec.${key}`, problems, { minItems: 1, maxItems: max, set: true }, CHAT_ID);
  const staffIds = list('staffIds', IDENTITY_LIMITS.staffIdsMaxItems);
  const unionIds = list('unionIds', IDENTITY_LIMITS.unionIdsMaxItems);
  if (obj.staffIds === undefined && obj.unionIds === undefined)
    addProblem(problems, 'spec', IDENTITY_RULE_MESSAGES.needsAnId);
  const user = requireField(obj, 'user', 'spec', problems)
    ? readString(obj.user, 'spec.user', problems, PRINTABLE(IDENTITY_LIMITS.userMaxLength))
    : undefined;
  if (user?.startsWith(RESERVED_PREFIX))
    addProblem(problems, 'spec.user', IDENTITY_RULE_MESSAGES.reservedUser);
  const groups =
    obj.groups === undefined
      ? undefined
      : readStringList(
          obj.groups,
          'spec.groups',
          problems,
          { maxItems: IDENTITY_LIMITS.groupsMaxItems, set: true },
          PRINTABLE(IDENTITY_LIMITS.groupMaxLength),
        );
  groups?.forEach((g, i) => {
    if (g.startsWith(RESERVED_PREFIX))
      addProblem(problems, `spec.groups[${i}]`, IDENTITY_RULE_MESSAGES.reservedGroup);
  });
  if (problems.length !== before || user === undefined) return undefined;
  return {
    ...(staffIds ? { staffIds } : {}),
    ...(unionIds ? { unionIds } : {}),
    user,
    ...(groups ? { groups } : {}),
  };
}
