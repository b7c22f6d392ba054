// What a ChatCommand must also satisfy that its CRD cannot say (so the API server admits it and the controller then
// reports InvalidSpec): matchLabels keys, parameter patterns that compile, template placeholders that exist.
import type { ChatCommandSpec } from './chat-command.ts';
import { compilePattern, LABEL_KEY_PATTERN } from './patterns.ts';
import { LIMITS } from './limits.ts';

/** A parameter's pattern as it is applied: the whole value must match, whatever anchors the author wrote. */
export function compileParameterPattern(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, 'u');
}

/** Placeholders a template may use besides the parameters: the target's name. */
export const WEBHOOK_BUILTIN_PLACEHOLDERS = ['name'] as const;

const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;
const LABEL_KEY = compilePattern(LABEL_KEY_PATTERN);

/** Problems ("path: message") of a spec that already passed the CRD's schema and rules. */
export function checkChatCommandRuntimeRules(spec: ChatCommandSpec): string[] {
  const problems: string[] = [];
  // A key such as "a,b" would change the meaning of the selector string the controller builds; the CRD cannot
  // check map keys (no structural keyword; a CEL rule over keys of unknown length exceeds the cost budget).
  for (const key of Object.keys(spec.targets.selector?.matchLabels ?? {})) {
    if (Array.from(key).length > LIMITS.labelKeyMaxLength || !LABEL_KEY.test(key)) {
      problems.push(
        `spec.targets.selector.matchLabels[${JSON.stringify(key)}] key: must be a label key such as app or example.com/tier`,
      );
    }
  }
  // The CRD cannot tell whether a pattern compiles.
  const parameterLists = [
    ['spec.action.job.parameters', spec.action.job?.parameters],
    ['spec.action.webhook.parameters', spec.action.webhook?.parameters],
  ] as const;
  for (const [path, parameters] of parameterLists) {
    parameters?.forEach((p, i) => {
      try {
        compileParameterPattern(p.pattern);
      } catch {
        problems.push(`${path}[${i}].pattern: must be a valid regular expression`);
      }
    });
  }
  // Nor parse a template.
  const webhook = spec.action.webhook;
  if (webhook?.bodyTemplate !== undefined) {
    const known = new Set<string>([
      ...WEBHOOK_BUILTIN_PLACEHOLDERS,
      ...(webhook.parameters ?? []).map((p) => p.name),
    ]);
    for (const m of webhook.bodyTemplate.matchAll(PLACEHOLDER)) {
      const name = m[1] ?? '';
      if (!known.has(name)) {
        problems.push(
          `spec.action.webhook.bodyTemplate: placeholder {{${name}}} is not a declared parameter`,
        );
      }
    }
  }
  return problems;
}
