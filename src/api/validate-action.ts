// Validation and defaulting of spec.action (scale | rollout | logs), mirroring the CRD schema and its CEL rules.
import type {
  ChatCommandAction,
  DiagnoseAction,
  LogsAction,
  RolloutAction,
  RolloutOperation,
  ScaleAction,
} from './chat-command.ts';
import { ROLLOUT_OPERATIONS } from './chat-command.ts';
import { DEFAULTS, LIMITS } from './limits.ts';
import { compilePattern, DNS1123_LABEL_PATTERN } from './patterns.ts';
import { RULE_MESSAGES } from './rule-messages.ts';
import type { Problems, StringRules } from './schema-checks.ts';
import {
  addProblem,
  readInteger,
  readObject,
  readString,
  readStringList,
  requireField,
} from './schema-checks.ts';
import { validateCronJob, validateEvents, validateJob, validatePods } from './validate-day2-actions.ts';
import { validateWebhook } from './validate-webhook.ts';

const CONTAINER_NAME_RULES: StringRules = {
  minLength: 1,
  maxLength: LIMITS.labelNameMaxLength,
  pattern: compilePattern(DNS1123_LABEL_PATTERN),
  patternMeans: "a DNS-1123 label (lowercase letters, digits and '-')",
};

export function validateAction(
  value: unknown,
  path: string,
  problems: Problems,
): ChatCommandAction | undefined {
  const obj = readObject(value, path, problems, [
    'scale',
    'rollout',
    'logs',
    'job',
    'cronjob',
    'pods',
    'events',
    'webhook',
    'diagnose',
  ]);
  if (!obj) return undefined;
  const before = problems.length;
  const scale = obj.scale === undefined ? undefined : validateScale(obj.scale, `${path}.scale`, problems);
  const rollout =
    obj.rollout === undefined ? undefined : validateRollout(obj.rollout, `${path}.rollout`, problems);
  const logs = obj.logs === undefined ? undefined : validateLogs(obj.logs, `${path}.logs`, problems);
  const job = obj.job === undefined ? undefined : validateJob(obj.job, `${path}.job`, problems);
  const cronjob =
    obj.cronjob === undefined ? undefined : validateCronJob(obj.cronjob, `${path}.cronjob`, problems);
  const pods = obj.pods === undefined ? undefined : validatePods(obj.pods, `${path}.pods`, problems);
  const events =
    obj.events === undefined ? undefined : validateEvents(obj.events, `${path}.events`, problems);
  const webhook =
    obj.webhook === undefined ? undefined : validateWebhook(obj.webhook, `${path}.webhook`, problems);
  const diagnose =
    obj.diagnose === undefined ? undefined : validateDiagnose(obj.diagnose, `${path}.diagnose`, problems);
  const members = [
    obj.scale,
    obj.rollout,
    obj.logs,
    obj.job,
    obj.cronjob,
    obj.pods,
    obj.events,
    obj.webhook,
    obj.diagnose,
  ].filter((m) => m !== undefined).length;
  if (members !== 1) addProblem(problems, path, RULE_MESSAGES.actionExactlyOne);
  if (problems.length !== before) return undefined;
  return {
    ...(scale ? { scale } : {}),
    ...(rollout ? { rollout } : {}),
    ...(logs ? { logs } : {}),
    ...(job ? { job } : {}),
    ...(cronjob ? { cronjob } : {}),
    ...(pods ? { pods } : {}),
    ...(events ? { events } : {}),
    ...(webhook ? { webhook } : {}),

    ...(diagnose ? { diagnose } : {}),
  };
}

function validateDiagnose(value: unknown, path: string, problems: Problems): DiagnoseAction | undefined {
  const obj = readObject(value, path, problems, ['maxBytes']);
  if (!obj) return undefined;
  const maxBytes = readInteger(obj.maxBytes ?? DEFAULTS.diagnoseMaxBytes, `${path}.maxBytes`, problems, {
    minimum: 0,
    maximum: LIMITS.diagnoseMaxBytesMax,
  });
  return maxBytes === undefined ? undefined : { maxBytes };
}

function validateScale(value: unknown, path: string, problems: Problems): ScaleAction | undefined {
  const obj = readObject(value, path, problems, ['minReplicas', 'maxReplicas']);
  if (!obj) return undefined;
  const bounds = { minimum: 0, maximum: LIMITS.replicasMax };
  const min = requireField(obj, 'minReplicas', path, problems)
    ? readInteger(obj.minReplicas, `${path}.minReplicas`, problems, bounds)
    : undefined;
  const max = requireField(obj, 'maxReplicas', path, problems)
    ? readInteger(obj.maxReplicas, `${path}.maxReplicas`, problems, bounds)
    : undefined;
  if (min === undefined || max === undefined) return undefined;
  if (min > max) {
    addProblem(problems, path, RULE_MESSAGES.scaleMinMax);
    return undefined;
  }
  return { minReplicas: min, maxReplicas: max };
}

function validateRollout(value: unknown, path: string, problems: Problems): RolloutAction | undefined {
  const obj = readObject(value, path, problems, ['operation', 'timeoutSeconds']);
  if (!obj) return undefined;
  const operation = requireField(obj, 'operation', path, problems)
    ? (readString(obj.operation, `${path}.operation`, problems, { enum: ROLLOUT_OPERATIONS }) as
        RolloutOperation | undefined)
    : undefined;
  const timeoutSeconds = readInteger(
    obj.timeoutSeconds ?? DEFAULTS.timeoutSeconds,
    `${path}.timeoutSeconds`,
    problems,
    {
      minimum: LIMITS.timeoutSecondsMin,
      maximum: LIMITS.timeoutSecondsMax,
    },
  );
  if (operation === undefined || timeoutSeconds === undefined) return undefined;
  return { operation, timeoutSeconds };
}

function validateLogs(value: unknown, path: string, problems: Problems): LogsAction | undefined {
  const obj = readObject(value, path, problems, [
    'tailLines',
    'maxTailLines',
    'maxBytes',
    'container',
    'sinceSeconds',
    'containers',
  ]);
  if (!obj) return undefined;
  const before = problems.length;
  const lines = { minimum: 1, maximum: LIMITS.tailLinesMax };
  const tailLines = readInteger(obj.tailLines ?? DEFAULTS.tailLines, `${path}.tailLines`, problems, lines);
  const maxTailLines = readInteger(
    obj.maxTailLines ?? DEFAULTS.maxTailLines,
    `${path}.maxTailLines`,
    problems,
    lines,
  );
  const maxBytes = readInteger(obj.maxBytes ?? DEFAULTS.maxBytes, `${path}.maxBytes`, problems, {
    minimum: LIMITS.maxBytesMin,
    maximum: LIMITS.maxBytesMax,
  });
  const container =
    obj.container === undefined
      ? undefined
      : readString(obj.container, `${path}.container`, problems, CONTAINER_NAME_RULES);
  const containers =
    obj.containers === undefined
      ? undefined
      : readStringList(
          obj.containers,
          `${path}.containers`,
          problems,
          { minItems: 1, maxItems: LIMITS.containersMaxItems, set: true },
          CONTAINER_NAME_RULES,
        );
  if (container !== undefined && containers !== undefined)
    addProblem(problems, path, RULE_MESSAGES.logsContainers);
  const sinceSeconds =
    obj.sinceSeconds === undefined
      ? undefined
      : readInteger(obj.sinceSeconds, `${path}.sinceSeconds`, problems, {
          minimum: 1,
          maximum: LIMITS.sinceSecondsMax,
        });
  if (tailLines !== undefined && maxTailLines !== undefined && tailLines > maxTailLines) {
    addProblem(problems, path, RULE_MESSAGES.logsTail);
  }
  if (
    problems.length !== before ||
    tailLines === undefined ||
    maxTailLines === undefined ||
    maxBytes === undefined
  ) {
    return undefined;
  }
  return {
    tailLines,
    maxTailLines,
    maxBytes,
    ...(container !== undefined ? { container } : {}),
    ...(containers !== undefined ? { containers } : {}),
    ...(sinceSeconds !== undefined ? { sinceSeconds } : {}),
  };
}
