// Validation and defaulting of the day-2 members of spec.action (job, cronjob, pods, events), mirroring the CRD.
import type {
  CronJobAction,
  CronJobOperation,
  EventsAction,
  JobAction,
  JobParameter,
  PodsAction,
} from './chat-command.ts';
import { CRONJOB_OPERATIONS } from './chat-command.ts';
import { DEFAULTS, LIMITS } from './limits.ts';
import {
  compilePattern,
  DNS1123_LABEL_PATTERN,
  ENV_NAME_PATTERN,
  PARAMETER_NAME_PATTERN,
} from './patterns.ts';
import { RULE_MESSAGES } from './rule-messages.ts';
import type { Problems } from './schema-checks.ts';
import {
  addProblem,
  readBoolean,
  readInteger,
  readObject,
  readString,
  requireField,
} from './schema-checks.ts';

/** Flag names the chat grammar already uses for every command; a parameter must not shadow them. */
export const RESERVED_PARAMETER_NAMES = ['namespace', 'n'] as const;

/** A parameter's pattern as it is applied: the whole value must match, whatever anchors the author wrote. */
export function compileParameterPattern(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, 'u');
}

export function validateJob(value: unknown, path: string, problems: Problems): JobAction | undefined {
  const obj = readObject(value, path, problems, [
    'container',
    'parameters',
    'timeoutSeconds',
    'logTailLines',
    'logMaxBytes',
  ]);
  if (!obj) return undefined;
  const before = problems.length;
  const container =
    obj.container === undefined
      ? undefined
      : readString(obj.container, `${path}.container`, problems, {
          minLength: 1,
          maxLength: LIMITS.labelNameMaxLength,
          pattern: compilePattern(DNS1123_LABEL_PATTERN),
          patternMeans: "a DNS-1123 label (lowercase letters, digits and '-')",
        });
  const parameters =
    obj.parameters === undefined
      ? undefined
      : validateParameters(obj.parameters, `${path}.parameters`, problems);
  const timeoutSeconds = readInteger(
    obj.timeoutSeconds ?? DEFAULTS.jobTimeoutSeconds,
    `${path}.timeoutSeconds`,
    problems,
    { minimum: 1, maximum: LIMITS.jobTimeoutSecondsMax },
  );
  const logTailLines = readInteger(
    obj.logTailLines ?? DEFAULTS.jobLogTailLines,
    `${path}.logTailLines`,
    problems,
    { minimum: 1, maximum: LIMITS.jobLogTailLinesMax },
  );
  const logMaxBytes = readInteger(
    obj.logMaxBytes ?? DEFAULTS.jobLogMaxBytes,
    `${path}.logMaxBytes`,
    problems,
    {
      minimum: LIMITS.jobLogMaxBytesMin,
      maximum: LIMITS.jobLogMaxBytesMax,
    },
  );
  if (
    problems.length !== before ||
    timeoutSeconds === undefined ||
    logTailLines === undefined ||
    logMaxBytes === undefined
  ) {
    return undefined;
  }
  return {
    ...(container !== undefined ? { container } : {}),
    ...(parameters !== undefined ? { parameters } : {}),
    timeoutSeconds,
    logTailLines,
    logMaxBytes,
  };
}

export function validateParameters(
  value: unknown,
  path: string,
  problems: Problems,
  withEnv = true,
): JobParameter[] | undefined {
  if (!Array.isArray(value)) {
    addProblem(problems, path, 'must be a list');
    return undefined;
  }
  const before = problems.length;
  if (value.length > LIMITS.jobParametersMaxItems) {
    addProblem(problems, path, `must have at most ${LIMITS.jobParametersMaxItems} items`);
  }
  const out: JobParameter[] = [];
  const seen = new Set<string>();
  value.forEach((item, i) => {
    const p = validateParameter(item, `${path}[${i}]`, problems, withEnv);
    if (!p) return;
    if (seen.has(p.name)) addProblem(problems, `${path}[${i}].name`, `duplicate name "${p.name}"`);
    seen.add(p.name);
    out.push(p);
  });
  return problems.length === before ? out : undefined;
}

function validateParameter(
  value: unknown,
  path: string,
  problems: Problems,
  withEnv: boolean,
): JobParameter | undefined {
  const fields = ['name', 'pattern', 'maxLength', 'required', 'description'];
  const obj = readObject(value, path, problems, withEnv ? [...fields, 'env'] : fields);
  if (!obj) return undefined;
  const before = problems.length;
  const name = requireField(obj, 'name', path, problems)
    ? readString(obj.name, `${path}.name`, problems, {
        minLength: 1,
        maxLength: LIMITS.parameterNameMaxLength,
        pattern: compilePattern(PARAMETER_NAME_PATTERN),
        patternMeans: "a flag name (lowercase letters, digits and inner '-')",
      })
    : undefined;
  if (name !== undefined && (RESERVED_PARAMETER_NAMES as readonly string[]).includes(name)) {
    addProblem(problems, `${path}.name`, RULE_MESSAGES.parameterReserved);
  }
  // Webhook parameters have no env: '' stands for "none" and the webhook validator drops it.
  const env = !withEnv
    ? ''
    : requireField(obj, 'env', path, problems)
      ? readString(obj.env, `${path}.env`, problems, {
          minLength: 1,
          maxLength: LIMITS.envNameMaxLength,
          pattern: compilePattern(ENV_NAME_PATTERN),
          patternMeans: 'an environment variable name (letters, digits and _, not starting with a digit)',
        })
      : undefined;
  const pattern = requireField(obj, 'pattern', path, problems)
    ? readString(obj.pattern, `${path}.pattern`, problems, {
        minLength: 1,
        maxLength: LIMITS.parameterPatternMaxLength,
      })
    : undefined;
  // The CRD cannot tell whether a pattern compiles; the controller can (and marks the command InvalidSpec).
  if (pattern !== undefined) {
    try {
      compileParameterPattern(pattern);
    } catch {
      addProblem(problems, `${path}.pattern`, 'must be a valid regular expression');
    }
  }
  const maxLength = requireField(obj, 'maxLength', path, problems)
    ? readInteger(obj.maxLength, `${path}.maxLength`, problems, {
        minimum: 1,
        maximum: LIMITS.parameterValueMaxLength,
      })
    : undefined;
  const required = readBoolean(obj.required ?? DEFAULTS.parameterRequired, `${path}.required`, problems);
  const description =
    obj.description === undefined
      ? undefined
      : readString(obj.description, `${path}.description`, problems, {
          maxLength: LIMITS.parameterDescriptionMaxLength,
        });
  if (
    problems.length !== before ||
    name === undefined ||
    env === undefined ||
    pattern === undefined ||
    maxLength === undefined ||
    required === undefined
  ) {
    return undefined;
  }
  return { name, env, pattern, maxLength, required, ...(description !== undefined ? { description } : {}) };
}

export function validateCronJob(value: unknown, path: string, problems: Problems): CronJobAction | undefined {
  const obj = readObject(value, path, problems, ['operation']);
  if (!obj) return undefined;
  const operation = requireField(obj, 'operation', path, problems)
    ? (readString(obj.operation, `${path}.operation`, problems, { enum: CRONJOB_OPERATIONS }) as
        CronJobOperation | undefined)
    : undefined;
  return operation === undefined ? undefined : { operation };
}

export function validatePods(value: unknown, path: string, problems: Problems): PodsAction | undefined {
  const obj = readObject(value, path, problems, ['maxPods']);
  if (!obj) return undefined;
  const maxPods = readInteger(obj.maxPods ?? DEFAULTS.maxPods, `${path}.maxPods`, problems, {
    minimum: 1,
    maximum: LIMITS.maxPodsMax,
  });
  return maxPods === undefined ? undefined : { maxPods };
}

export function validateEvents(value: unknown, path: string, problems: Problems): EventsAction | undefined {
  const obj = readObject(value, path, problems, ['maxEvents', 'sinceSeconds']);
  if (!obj) return undefined;
  const maxEvents = readInteger(obj.maxEvents ?? DEFAULTS.maxEvents, `${path}.maxEvents`, problems, {
    minimum: 1,
    maximum: LIMITS.maxEventsMax,
  });
  const sinceSeconds = readInteger(
    obj.sinceSeconds ?? DEFAULTS.eventsSinceSeconds,
    `${path}.sinceSeconds`,
    problems,
    { minimum: 1, maximum: LIMITS.eventsSinceSecondsMax },
  );
  return maxEvents === undefined || sinceSeconds === undefined ? undefined : { maxEvents, sinceSeconds };
}
