// Validates spec.approval of a ChatCommand (mirrors the CRD's schema and CEL rules); kept apart from the other
// validators so a generic CRD-driven validator can replace it as one piece.
import type { Approval, Approvers } from './chat-command.ts';
import { CHAT_ID_PATTERN, compilePattern } from './patterns.ts';
import type { Problems } from './schema-checks.ts';
import { addProblem, readBoolean, readInteger, readObject, readStringList } from './schema-checks.ts';

export const APPROVAL_LIMITS = {
  requiredMin: 1,
  requiredMax: 3,
  timeoutSecondsMin: 5,
  timeoutSecondsMax: 86_400,
  approversMaxItems: 64,
} as const;

export const APPROVAL_DEFAULTS = { required: 1, timeoutSeconds: 300, sameConversation: false } as const;

/** The messages of the CEL rules on spec.approval, word for word. */
export const APPROVAL_RULE_MESSAGES = {
  exactlyOne: 'approval needs exactly one of confirm: true or approvers',
  approversNotEmpty: 'approvers needs users or admins: true',
  requiredApproversOnly: 'required applies to approvers only (confirm needs the sender alone)',
  requiredReachable: 'required is larger than the number of listed approvers (and admins is not true)',
  mutatingOnly:
    'approval applies only to mutating actions (scale, rollout restart/undo/pause/resume, job, cronjob, webhook)',
} as const;

const CHAT_ID = { minLength: 1, maxLength: 128, pattern: compilePattern(CHAT_ID_PATTERN) };

function validateApprovers(value: unknown, path: string, problems: Problems): Approvers | undefined {
  const obj = readObject(value, path, problems, ['users', 'admins']);
  if (!obj) return undefined;
  const before = problems.length;
  const users =
    obj['users'] === undefined
      ? undefined
      : readStringList(
          obj['users'],
          `${path}.users`,
          problems,
          { maxItems: APPROVAL_LIMITS.approversMaxItems, set: true },
          { ...CHAT_ID, patternMeans: 'a chat id (printable ASCII, no spaces)' },
        );
  const admins =
    obj['admins'] === undefined ? undefined : readBoolean(obj['admins'], `${path}.admins`, problems);
  if (problems.length !== before) return undefined;
  if ((users?.length ?? 0) === 0 && admins !== true)
    addProblem(problems, path, APPROVAL_RULE_MESSAGES.approversNotEmpty);
  return { ...(users ? { users } : {}), ...(admins !== undefined ? { admins } : {}) };
}

/** spec.approval with its defaults applied, or undefined (problems recorded). */
export function validateApproval(value: unknown, path: string, problems: Problems): Approval | undefined {
  const obj = readObject(value, path, problems, [
    'confirm',
    'approvers',
    'required',
    'timeoutSeconds',
    'sameConversation',
  ]);
  if (!obj) return undefined;
  const before = problems.length;
  const confirm =
    obj['confirm'] === undefined ? undefined : readBoolean(obj['confirm'], `${path}.confirm`, problems);
  const approvers =
    obj['approvers'] === undefined
      ? undefined
      : validateApprovers(obj['approvers'], `${path}.approvers`, problems);
  const required = readInteger(obj['required'] ?? APPROVAL_DEFAULTS.required, `${path}.required`, problems, {
    minimum: APPROVAL_LIMITS.requiredMin,
    maximum: APPROVAL_LIMITS.requiredMax,
  });
  const timeoutSeconds = readInteger(
    obj['timeoutSeconds'] ?? APPROVAL_DEFAULTS.timeoutSeconds,
    `${path}.timeoutSeconds`,
    problems,
    { minimum: APPROVAL_LIMITS.timeoutSecondsMin, maximum: APPROVAL_LIMITS.timeoutSecondsMax },
  );
  const sameConversation = readBoolean(
    obj['sameConversation'] ?? APPROVAL_DEFAULTS.sameConversation,
    `${path}.sameConversation`,
    problems,
  );
  if (problems.length !== before || required === undefined || timeoutSeconds === undefined) return undefined;
  if (sameConversation === undefined) return undefined;
  // Cross-field rules (CEL on spec.approval).
  if ((obj['approvers'] !== undefined) === (confirm === true))
    addProblem(problems, path, APPROVAL_RULE_MESSAGES.exactlyOne);
  if (obj['approvers'] === undefined && required !== 1)
    addProblem(problems, path, APPROVAL_RULE_MESSAGES.requiredApproversOnly);
  const users = approvers?.users ?? [];
  if (
    approvers &&
    approvers.admins !== true &&
    !users.includes('*') &&
    users.length > 0 &&
    users.length < required
  )
    addProblem(problems, path, APPROVAL_RULE_MESSAGES.requiredReachable);
  if (problems.length !== before) return undefined;
  return {
    ...(confirm !== undefined ? { confirm } : {}),
    ...(approvers ? { approvers } : {}),
    required,
    timeoutSeconds,
    sameConversation,
  };
}
