// Validation of the status subresource (observedGeneration, metav1.Conditions, the printer-column summary fields).
import type { ChatCommandStatus, Condition, ConditionStatus } from './chat-command.ts';
import { LIMITS } from './limits.ts';
import { compilePattern, CONDITION_REASON_PATTERN, CONDITION_TYPE_PATTERN } from './patterns.ts';
import type { Problems } from './schema-checks.ts';
import { addProblem, readInteger, readObject, readString, requireField } from './schema-checks.ts';

const CONDITION_TYPE = compilePattern(CONDITION_TYPE_PATTERN);
const CONDITION_REASON = compilePattern(CONDITION_REASON_PATTERN);
const CONDITION_STATUSES: readonly ConditionStatus[] = ['True', 'False', 'Unknown'];
/** RFC 3339 date-time, the `format: date-time` the API server checks. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export function validateStatus(
  value: unknown,
  path: string,
  problems: Problems,
): ChatCommandStatus | undefined {
  const obj = readObject(value, path, problems, ['observedGeneration', 'conditions', 'action', 'summary']);
  if (!obj) return undefined;
  const before = problems.length;
  const observedGeneration =
    obj.observedGeneration === undefined
      ? undefined
      : readInteger(obj.observedGeneration, `${path}.observedGeneration`, problems, { minimum: 0 });
  const conditions =
    obj.conditions === undefined
      ? undefined
      : validateConditions(obj.conditions, `${path}.conditions`, problems);
  const action =
    obj.action === undefined
      ? undefined
      : readString(obj.action, `${path}.action`, problems, { maxLength: LIMITS.statusActionMaxLength });
  const summary =
    obj.summary === undefined
      ? undefined
      : readString(obj.summary, `${path}.summary`, problems, { maxLength: LIMITS.statusSummaryMaxLength });
  if (problems.length !== before) return undefined;
  return {
    ...(observedGeneration !== undefined ? { observedGeneration } : {}),
    ...(conditions ? { conditions } : {}),
    ...(action !== undefined ? { action } : {}),
    ...(summary !== undefined ? { summary } : {}),
  };
}

function validateConditions(value: unknown, path: string, problems: Problems): Condition[] | undefined {
  if (!Array.isArray(value)) {
    addProblem(problems, path, 'must be a list');
    return undefined;
  }
  const before = problems.length;
  if (value.length > LIMITS.conditionsMaxItems) {
    addProblem(problems, path, `must have at most ${LIMITS.conditionsMaxItems} items`);
  }
  const out: Condition[] = [];
  const types = new Set<string>();
  value.forEach((item: unknown, i) => {
    const c = validateCondition(item, `${path}[${i}]`, problems);
    if (!c) return;
    // x-kubernetes-list-type: map keyed by type.
    if (types.has(c.type)) addProblem(problems, `${path}[${i}].type`, `duplicate condition type "${c.type}"`);
    types.add(c.type);
    out.push(c);
  });
  return problems.length === before ? out : undefined;
}

function validateCondition(value: unknown, path: string, problems: Problems): Condition | undefined {
  const fields = ['type', 'status', 'reason', 'message', 'lastTransitionTime', 'observedGeneration'];
  const obj = readObject(value, path, problems, fields);
  if (!obj) return undefined;
  const before = problems.length;
  const has = (key: string): boolean => requireField(obj, key, path, problems);
  const type = has('type')
    ? readString(obj.type, `${path}.type`, problems, {
        minLength: 1,
        maxLength: 316,
        pattern: CONDITION_TYPE,
        patternMeans: 'a condition type such as Ready',
      })
    : undefined;
  const status = has('status')
    ? (readString(obj.status, `${path}.status`, problems, { enum: CONDITION_STATUSES }) as
        ConditionStatus | undefined)
    : undefined;
  const reason = has('reason')
    ? readString(obj.reason, `${path}.reason`, problems, {
        minLength: 1,
        maxLength: 1024,
        pattern: CONDITION_REASON,
        patternMeans: 'a CamelCase reason such as Accepted',
      })
    : undefined;
  const message = has('message')
    ? readString(obj.message, `${path}.message`, problems, { maxLength: 32768 })
    : undefined;
  const lastTransitionTime = has('lastTransitionTime')
    ? readString(obj.lastTransitionTime, `${path}.lastTransitionTime`, problems, {
        pattern: DATE_TIME,
        patternMeans: 'an RFC 3339 date-time',
      })
    : undefined;
  const observedGeneration =
    obj.observedGeneration === undefined
      ? undefined
      : readInteger(obj.observedGeneration, `${path}.observedGeneration`, problems, { minimum: 0 });
  if (
    problems.length !== before ||
    type === undefined ||
    status === undefined ||
    reason === undefined ||
    message === undefined ||
    lastTransitionTime === undefined
  ) {
    return undefined;
  }
  return {
    type,
    status,
    reason,
    message,
    lastTransitionTime,
    ...(observedGeneration !== undefined ? { observedGeneration } : {}),
  };
}
