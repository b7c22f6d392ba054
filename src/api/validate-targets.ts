// Validation of spec.targets (kind, names XOR label selector), mirroring the CRD schema and its CEL rules.
import type {
  LabelSelector,
  LabelSelectorRequirement,
  SelectorOperator,
  Targets,
  WorkloadKind,
} from './chat-command.ts';
import { SELECTOR_OPERATORS, WORKLOAD_KINDS } from './chat-command.ts';
import { LIMITS } from './limits.ts';
import {
  compilePattern,
  DNS1123_SUBDOMAIN_PATTERN,
  LABEL_KEY_PATTERN,
  LABEL_VALUE_PATTERN,
} from './patterns.ts';
import { RULE_MESSAGES } from './rule-messages.ts';
import type { Problems, StringRules } from './schema-checks.ts';
import {
  addProblem,
  isRecord,
  readObject,
  readString,
  readStringList,
  requireField,
} from './schema-checks.ts';

const SUBDOMAIN = compilePattern(DNS1123_SUBDOMAIN_PATTERN);
const LABEL_KEY = compilePattern(LABEL_KEY_PATTERN);
const LABEL_VALUE = compilePattern(LABEL_VALUE_PATTERN);

const WORKLOAD_NAME_RULES: StringRules = {
  minLength: 1,
  maxLength: LIMITS.nameMaxLength,
  pattern: SUBDOMAIN,
  patternMeans: "a DNS-1123 subdomain (lowercase letters, digits, '-' and '.')",
};

const LABEL_KEY_RULES: StringRules = {
  minLength: 1,
  maxLength: LIMITS.labelKeyMaxLength,
  pattern: LABEL_KEY,
  patternMeans: 'a label key such as app or example.com/tier',
};

const LABEL_VALUE_RULES: StringRules = {
  maxLength: LIMITS.labelValueMaxLength,
  pattern: LABEL_VALUE,
  patternMeans:
    "a label value (letters, digits, '-', '_' and '.', starting and ending with a letter or digit)",
};

export function validateTargets(value: unknown, path: string, problems: Problems): Targets | undefined {
  const obj = readObject(value, path, problems, ['kind', 'names', 'selector']);
  if (!obj) return undefined;
  const before = problems.length;
  const kind = requireField(obj, 'kind', path, problems)
    ? (readString(obj.kind, `${path}.kind`, problems, { enum: WORKLOAD_KINDS }) as WorkloadKind | undefined)
    : undefined;
  const names =
    obj.names === undefined
      ? undefined
      : readStringList(
          obj.names,
          `${path}.names`,
          problems,
          { minItems: 1, maxItems: LIMITS.namesMaxItems, set: true },
          WORKLOAD_NAME_RULES,
        );
  const selector =
    obj.selector === undefined ? undefined : validateSelector(obj.selector, `${path}.selector`, problems);
  if ((obj.names === undefined) === (obj.selector === undefined)) {
    addProblem(problems, path, RULE_MESSAGES.targetsExactlyOne);
  }
  if (problems.length !== before || kind === undefined) return undefined;
  return { kind, ...(names ? { names } : {}), ...(selector ? { selector } : {}) };
}

function validateSelector(value: unknown, path: string, problems: Problems): LabelSelector | undefined {
  const obj = readObject(value, path, problems, ['matchLabels', 'matchExpressions']);
  if (!obj) return undefined;
  const before = problems.length;
  const matchLabels =
    obj.matchLabels === undefined
      ? undefined
      : validateMatchLabels(obj.matchLabels, `${path}.matchLabels`, problems);
  const matchExpressions =
    obj.matchExpressions === undefined
      ? undefined
      : validateMatchExpressions(obj.matchExpressions, `${path}.matchExpressions`, problems);
  const labelCount = isRecord(obj.matchLabels) ? Object.keys(obj.matchLabels).length : 0;
  const expressionCount = Array.isArray(obj.matchExpressions) ? obj.matchExpressions.length : 0;
  if (labelCount === 0 && expressionCount === 0) addProblem(problems, path, RULE_MESSAGES.selectorNotEmpty);
  if (problems.length !== before) return undefined;
  return { ...(matchLabels ? { matchLabels } : {}), ...(matchExpressions ? { matchExpressions } : {}) };
}

/**
 * matchLabels. The CRD can check only the values (a structural schema has no rule for map keys, and a CEL rule
 * over keys of unknown length exceeds the cost budget), so keys are checked here only: a key such as "a,b" would
 * otherwise change the meaning of the selector string the controller builds.
 */
function validateMatchLabels(
  value: unknown,
  path: string,
  problems: Problems,
): Record<string, string> | undefined {
  if (!isRecord(value)) {
    addProblem(problems, path, 'must be an object');
    return undefined;
  }
  const before = problems.length;
  const entries = Object.entries(value);
  if (entries.length > LIMITS.matchLabelsMaxProperties) {
    addProblem(problems, path, `must have at most ${LIMITS.matchLabelsMaxProperties} entries`);
  }
  const out: Record<string, string> = {};
  for (const [key, raw] of entries) {
    readString(key, `${path}[${JSON.stringify(key)}] key`, problems, LABEL_KEY_RULES);
    const v = readString(raw, `${path}[${JSON.stringify(key)}]`, problems, LABEL_VALUE_RULES);
    if (v !== undefined) out[key] = v;
  }
  return problems.length === before ? out : undefined;
}

function validateMatchExpressions(
  value: unknown,
  path: string,
  problems: Problems,
): LabelSelectorRequirement[] | undefined {
  if (!Array.isArray(value)) {
    addProblem(problems, path, 'must be a list');
    return undefined;
  }
  const before = problems.length;
  if (value.length > LIMITS.matchExpressionsMaxItems) {
    addProblem(problems, path, `must have at most ${LIMITS.matchExpressionsMaxItems} items`);
  }
  const out: LabelSelectorRequirement[] = [];
  value.forEach((item: unknown, i) => {
    const req = validateRequirement(item, `${path}[${i}]`, problems);
    if (req) out.push(req);
  });
  return problems.length === before ? out : undefined;
}

function validateRequirement(
  value: unknown,
  path: string,
  problems: Problems,
): LabelSelectorRequirement | undefined {
  const obj = readObject(value, path, problems, ['key', 'operator', 'values']);
  if (!obj) return undefined;
  const before = problems.length;
  const key = requireField(obj, 'key', path, problems)
    ? readString(obj.key, `${path}.key`, problems, LABEL_KEY_RULES)
    : undefined;
  const operator = requireField(obj, 'operator', path, problems)
    ? (readString(obj.operator, `${path}.operator`, problems, { enum: SELECTOR_OPERATORS }) as
        SelectorOperator | undefined)
    : undefined;
  const values =
    obj.values === undefined
      ? undefined
      : readStringList(
          obj.values,
          `${path}.values`,
          problems,
          { maxItems: LIMITS.selectorValuesMaxItems, set: true },
          LABEL_VALUE_RULES,
        );
  if (operator !== undefined) {
    const hasValues = Array.isArray(obj.values) && obj.values.length > 0;
    const needsValues = operator === 'In' || operator === 'NotIn';
    if (hasValues !== needsValues) addProblem(problems, path, RULE_MESSAGES.selectorValues);
  }
  if (problems.length !== before || key === undefined || operator === undefined) return undefined;
  return { key, operator, ...(values ? { values } : {}) };
}
