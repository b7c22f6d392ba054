// validateChatCommand: untrusted input (a watched object, a YAML file) → a defaulted ChatCommand, or every problem found.
//
// It mirrors crds/kubetalk.io_chatcommands.yaml: the same types, bounds, patterns, defaults and CEL rules (with the
// same messages), plus one check the CRD cannot express (matchLabels keys). test/unit/api checks that the two agree.
import type { Allow, ChatCommand, ChatCommandMetadata, ChatCommandSpec } from './chat-command.ts';
import { API_VERSION, KIND } from './chat-command.ts';
import { getAction, isMutatingAction } from './get-action.ts';
import { DEFAULTS, LIMITS } from './limits.ts';
import {
  BUILTIN_PREFIX_PATTERN,
  CHAT_ID_PATTERN,
  compilePattern,
  DNS1123_LABEL_PATTERN,
  DNS1123_SUBDOMAIN_PATTERN,
  TRIGGER_PATTERN,
} from './patterns.ts';
import { RULE_MESSAGES } from './rule-messages.ts';
import type { Problems, StringRules } from './schema-checks.ts';
import {
  addProblem,
  isRecord,
  readBoolean,
  readInteger,
  readObject,
  readString,
  readStringList,
  requireField,
} from './schema-checks.ts';
import { validateAction } from './validate-action.ts';
import { APPROVAL_RULE_MESSAGES, validateApproval } from './validate-approval.ts';
import { validateStatus } from './validate-status.ts';
import { validateTargets } from './validate-targets.ts';

export type ValidationResult =
  | { readonly ok: true; readonly command: ChatCommand }
  | { readonly ok: false; readonly problems: readonly string[] };

export interface ValidateOptions {
  /** Namespace to assume when metadata.namespace is missing, as `kubectl apply -n` would (offline checks). */
  readonly defaultNamespace?: string;
}

const BUILTIN_PREFIX = compilePattern(BUILTIN_PREFIX_PATTERN);

const TRIGGER_RULES: StringRules = {
  minLength: 1,
  maxLength: LIMITS.triggerMaxLength,
  pattern: compilePattern(TRIGGER_PATTERN),
  patternMeans:
    "1–3 words separated by single spaces; each word lowercase letters, digits, Chinese characters and inner '-'",
};

const CHAT_ID_RULES: StringRules = {
  minLength: 1,
  maxLength: LIMITS.chatIdMaxLength,
  pattern: compilePattern(CHAT_ID_PATTERN),
  patternMeans: 'a DingTalk id (printable ASCII, no spaces) or "*"',
};

const OBJECT_NAME_RULES: StringRules = {
  minLength: 1,
  maxLength: LIMITS.nameMaxLength,
  pattern: compilePattern(DNS1123_SUBDOMAIN_PATTERN),
  patternMeans: "a DNS-1123 subdomain (lowercase letters, digits, '-' and '.')",
};

const NAMESPACE_RULES: StringRules = {
  minLength: 1,
  maxLength: LIMITS.labelNameMaxLength,
  pattern: compilePattern(DNS1123_LABEL_PATTERN),
  patternMeans: "a DNS-1123 label (lowercase letters, digits and '-')",
};

export function validateChatCommand(obj: unknown, options: ValidateOptions = {}): ValidationResult {
  const problems: Problems = [];
  if (!isRecord(obj)) return { ok: false, problems: ['object: must be a YAML/JSON object'] };
  if (obj.apiVersion !== API_VERSION) addProblem(problems, 'apiVersion', `must be ${API_VERSION}`);
  if (obj.kind !== KIND) addProblem(problems, 'kind', `must be ${KIND}`);
  for (const key of Object.keys(obj)) {
    if (!['apiVersion', 'kind', 'metadata', 'spec', 'status'].includes(key))
      addProblem(problems, key, 'unknown field');
  }
  const metadata = validateMetadata(obj.metadata, options, problems);
  const spec = requireField(obj, 'spec', 'object', problems)
    ? validateSpec(obj.spec, 'spec', problems)
    : undefined;
  const status = obj.status === undefined ? undefined : validateStatus(obj.status, 'status', problems);
  if (problems.length > 0 || !metadata || !spec) return { ok: false, problems };
  return {
    ok: true,
    command: { apiVersion: API_VERSION, kind: KIND, metadata, spec, ...(status ? { status } : {}) },
  };
}

function validateMetadata(
  value: unknown,
  options: ValidateOptions,
  problems: Problems,
): ChatCommandMetadata | undefined {
  if (!isRecord(value)) {
    addProblem(problems, 'metadata', 'is required and must be an object');
    return undefined;
  }
  const name = requireField(value, 'name', 'metadata', problems)
    ? readString(value.name, 'metadata.name', problems, OBJECT_NAME_RULES)
    : undefined;
  const rawNamespace = value.namespace ?? options.defaultNamespace;
  if (rawNamespace === undefined)
    addProblem(problems, 'metadata.namespace', 'is required (ChatCommands are namespaced)');
  const namespace =
    rawNamespace === undefined
      ? undefined
      : readString(rawNamespace, 'metadata.namespace', problems, NAMESPACE_RULES);
  if (name === undefined || namespace === undefined) return undefined;
  // Informational fields are copied when well-typed; the API server owns them, so they are not checked further.
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
    name,
    namespace,
    ...(uid !== undefined ? { uid } : {}),
    ...(generation !== undefined ? { generation } : {}),
    ...(resourceVersion !== undefined ? { resourceVersion } : {}),
    ...(creationTimestamp !== undefined ? { creationTimestamp } : {}),
    ...(labels ? { labels: { ...labels } } : {}),
    ...(annotations ? { annotations: { ...annotations } } : {}),
  };
}

function validateSpec(value: unknown, path: string, problems: Problems): ChatCommandSpec | undefined {
  const known = [
    'trigger',
    'aliases',
    'description',
    'targets',
    'action',
    'allow',
    'cooldownSeconds',
    'approval',
  ];
  const obj = readObject(value, path, problems, known);
  if (!obj) return undefined;
  const before = problems.length;
  const trigger = requireField(obj, 'trigger', path, problems)
    ? readTrigger(obj.trigger, `${path}.trigger`, problems)
    : undefined;
  const aliases =
    obj.aliases === undefined
      ? undefined
      : readStringList(
          obj.aliases,
          `${path}.aliases`,
          problems,
          { maxItems: LIMITS.aliasesMaxItems, set: true },
          TRIGGER_RULES,
        );
  aliases?.forEach((a, i) => {
    if (BUILTIN_PREFIX.test(a)) addProblem(problems, `${path}.aliases[${i}]`, RULE_MESSAGES.builtinWord);
  });
  const description =
    obj.description === undefined
      ? undefined
      : readString(obj.description, `${path}.description`, problems, {
          maxLength: LIMITS.descriptionMaxLength,
        });
  const targets = requireField(obj, 'targets', path, problems)
    ? validateTargets(obj.targets, `${path}.targets`, problems)
    : undefined;
  const action = requireField(obj, 'action', path, problems)
    ? validateAction(obj.action, `${path}.action`, problems)
    : undefined;
  const allow = requireField(obj, 'allow', path, problems)
    ? validateAllow(obj.allow, `${path}.allow`, problems)
    : undefined;
  const cooldownSeconds =
    obj.cooldownSeconds === undefined
      ? undefined
      : readInteger(obj.cooldownSeconds, `${path}.cooldownSeconds`, problems, {
          minimum: 0,
          maximum: LIMITS.cooldownSecondsMax,
        });
  const approval =
    obj.approval === undefined ? undefined : validateApproval(obj.approval, `${path}.approval`, problems);
  // Cross-field rules (CEL on spec in the CRD), checked once the fields they read are valid.
  if (trigger !== undefined && aliases?.includes(trigger)) {
    addProblem(problems, path, RULE_MESSAGES.aliasRepeatsTrigger);
  }
  if (targets && action?.scale && targets.kind === 'DaemonSet') {
    addProblem(problems, path, RULE_MESSAGES.daemonSetScale);
  }
  if (
    targets &&
    action &&
    (targets.kind === 'CronJob') !== (action.job !== undefined || action.cronjob !== undefined)
  ) {
    addProblem(problems, path, RULE_MESSAGES.cronJobKind);
  }
  if (
    targets &&
    action?.rollout &&
    ['pause', 'resume'].includes(action.rollout.operation) &&
    targets.kind !== 'Deployment'
  ) {
    addProblem(problems, path, RULE_MESSAGES.pauseDeployment);
  }
  if (action && obj.cooldownSeconds !== undefined && !isMutatingAction(getAction(action))) {
    addProblem(problems, path, RULE_MESSAGES.cooldownMutating);
  }
  if (action && obj.approval !== undefined && !isMutatingAction(getAction(action))) {
    addProblem(problems, path, APPROVAL_RULE_MESSAGES.mutatingOnly);
  }
  if (problems.length !== before || !trigger || !targets || !action || !allow) return undefined;
  return {
    trigger,
    ...(aliases ? { aliases } : {}),
    ...(description !== undefined ? { description } : {}),
    targets,
    action,
    allow,
    ...(cooldownSeconds !== undefined ? { cooldownSeconds } : {}),
    ...(approval ? { approval } : {}),
  };
}

function readTrigger(value: unknown, path: string, problems: Problems): string | undefined {
  const trigger = readString(value, path, problems, TRIGGER_RULES);
  if (trigger !== undefined && BUILTIN_PREFIX.test(trigger)) {
    addProblem(problems, path, RULE_MESSAGES.builtinWord);
    return undefined;
  }
  return trigger;
}

function validateAllow(value: unknown, path: string, problems: Problems): Allow | undefined {
  const obj = readObject(value, path, problems, [
    'conversations',
    'users',
    'admins',
    'externalMembers',
    'kubernetesAccess',
  ]);
  if (!obj) return undefined;
  const before = problems.length;
  const conversations =
    obj.conversations === undefined
      ? undefined
      : readStringList(
          obj.conversations,
          `${path}.conversations`,
          problems,
          { maxItems: LIMITS.conversationsMaxItems, set: true },
          CHAT_ID_RULES,
        );
  const users =
    obj.users === undefined
      ? undefined
      : readStringList(
          obj.users,
          `${path}.users`,
          problems,
          { maxItems: LIMITS.usersMaxItems, set: true },
          CHAT_ID_RULES,
        );
  const admins = readBoolean(obj.admins ?? DEFAULTS.admins, `${path}.admins`, problems);
  const externalMembers = readBoolean(
    obj.externalMembers ?? DEFAULTS.externalMembers,
    `${path}.externalMembers`,
    problems,
  );
  const kubernetesAccess =
    obj.kubernetesAccess === undefined
      ? undefined
      : readBoolean(obj.kubernetesAccess, `${path}.kubernetesAccess`, problems);
  if (problems.length !== before || admins === undefined || externalMembers === undefined) return undefined;
  return {
    ...(conversations ? { conversations } : {}),
    ...(users ? { users } : {}),
    admins,
    externalMembers,
    ...(kubernetesAccess !== undefined ? { kubernetesAccess } : {}),
  };
}
