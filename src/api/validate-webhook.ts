// Validation and defaulting of spec.action.webhook, mirroring the CRD; placeholders must name declared parameters.
import type { WebhookAction, WebhookEncoding, WebhookParameter } from './chat-command.ts';
import { WEBHOOK_ENCODINGS } from './chat-command.ts';
import { DEFAULTS, LIMITS } from './limits.ts';
import { compilePattern, DNS1123_SUBDOMAIN_PATTERN } from './patterns.ts';
import type { Problems } from './schema-checks.ts';
import { addProblem, readInteger, readObject, readString, requireField } from './schema-checks.ts';
import { validateParameters } from './validate-day2-actions.ts';

const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;

/** Placeholders a template may use besides the parameters: the target's name. */
export const WEBHOOK_BUILTIN_PLACEHOLDERS = ['name'] as const;

export function validateWebhook(value: unknown, path: string, problems: Problems): WebhookAction | undefined {
  const obj = readObject(value, path, problems, [
    'secretName',
    'parameters',
    'bodyTemplate',
    'encoding',
    'timeoutSeconds',
  ]);
  if (!obj) return undefined;
  const before = problems.length;
  const secretName = requireField(obj, 'secretName', path, problems)
    ? readString(obj.secretName, `${path}.secretName`, problems, {
        minLength: 1,
        maxLength: LIMITS.nameMaxLength,
        pattern: compilePattern(DNS1123_SUBDOMAIN_PATTERN),
        patternMeans: "a DNS-1123 subdomain (lowercase letters, digits, '-' and '.')",
      })
    : undefined;
  const withEnv =
    obj.parameters === undefined
      ? undefined
      : validateParameters(obj.parameters, `${path}.parameters`, problems, false);
  const parameters = withEnv?.map(({ env: _env, ...p }): WebhookParameter => p);
  const bodyTemplate =
    obj.bodyTemplate === undefined
      ? undefined
      : readString(obj.bodyTemplate, `${path}.bodyTemplate`, problems, {
          maxLength: LIMITS.bodyTemplateMaxLength,
        });
  const encoding = readString(obj.encoding ?? DEFAULTS.webhookEncoding, `${path}.encoding`, problems, {
    enum: WEBHOOK_ENCODINGS,
  }) as WebhookEncoding | undefined;
  const timeoutSeconds = readInteger(
    obj.timeoutSeconds ?? DEFAULTS.webhookTimeoutSeconds,
    `${path}.timeoutSeconds`,
    problems,
    { minimum: 1, maximum: LIMITS.webhookTimeoutSecondsMax },
  );
  // The CRD cannot parse a template; the controller can (and marks the command InvalidSpec).
  if (bodyTemplate !== undefined) {
    const known = new Set<string>([
      ...WEBHOOK_BUILTIN_PLACEHOLDERS,
      ...(parameters ?? []).map((p) => p.name),
    ]);
    for (const m of bodyTemplate.matchAll(PLACEHOLDER)) {
      const name = m[1] ?? '';
      if (!known.has(name))
        addProblem(problems, `${path}.bodyTemplate`, `placeholder {{${name}}} is not a declared parameter`);
    }
  }
  if (
    problems.length !== before ||
    secretName === undefined ||
    encoding === undefined ||
    timeoutSeconds === undefined
  ) {
    return undefined;
  }
  return {
    secretName,
    ...(parameters !== undefined ? { parameters } : {}),
    ...(bodyTemplate !== undefined ? { bodyTemplate } : {}),
    encoding,
    timeoutSeconds,
  };
}
