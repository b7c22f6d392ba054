// Fills a webhook body template's `{{name}}` placeholders with checked parameter values, escaped for the body type.

const PLACEHOLDER = /\{\{\s*([a-z]([-a-z0-9]*[a-z0-9])?)\s*\}\}/g;

/** Placeholder names a template uses, so a ChatCommand can be refused when one is not a declared parameter. */
export function listPlaceholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''))];
}

export type BodyEncoding = 'json' | 'form' | 'text';

function escapeValue(value: string, encoding: BodyEncoding): string {
  if (encoding === 'json') return JSON.stringify(value).slice(1, -1);
  if (encoding === 'form') return encodeURIComponent(value);
  return value;
}

/**
 * Replaces each placeholder with its value, escaped so a value can never end the string it sits in (JSON) or add a
 * field (form). A placeholder without a value becomes empty; an undeclared one is refused earlier, by validation.
 */
export function renderTemplate(
  template: string,
  values: Readonly<Record<string, string>>,
  encoding: BodyEncoding,
): string {
  return template.replace(PLACEHOLDER, (_all, name: string) => escapeValue(values[name] ?? '', encoding));
}
