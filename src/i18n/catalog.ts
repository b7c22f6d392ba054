// Message catalogs and their rendering: every user-facing sentence exists in English and Simplified Chinese.
import type { UserMessage } from '../errors.ts';

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/** key → text per locale; `{name}` placeholders are filled from the message params. */
export type Catalog = Readonly<Record<string, Readonly<Record<Locale, string>>>>;

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Chinese text in the message means a Chinese reply; otherwise the configured default. */
export function detectLocale(text: string, fallback: Locale): Locale {
  return CJK.test(text) ? 'zh-CN' : fallback;
}

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

/** Merges catalogs, refusing duplicate keys so two modules can never silently shadow each other. */
export function mergeCatalogs(...catalogs: Catalog[]): Catalog {
  const out: Record<string, Readonly<Record<Locale, string>>> = {};
  for (const c of catalogs) {
    for (const [k, v] of Object.entries(c)) {
      if (k in out) throw new Error(`duplicate message key ${k}`);
      out[k] = v;
    }
  }
  return out;
}

/**
 * Parameters carry text from chat users and the platform (what they typed, nicknames, names): they must not be able
 * to become markdown links, images, HTML or a way out of an inline code span in a reply. Look-alike characters keep
 * them readable.
 */
export function neutralizeMarkdown(value: string): string {
  return value.replace(/[[\]<>`]/g, (c) => ({ '[': '［', ']': '］', '<': '‹', '>': '›', '`': 'ˋ' })[c] ?? c);
}

/** Command lines kubetalk builds itself from validated ChatCommands (their `<name>` placeholders must stay). */
const GENERATED_PARAMS: ReadonlySet<string> = new Set(['usage', 'example']);

export function formatMessage(catalog: Catalog, locale: Locale, msg: UserMessage): string {
  const entry = catalog[msg.key];
  if (!entry) throw new Error(`missing message key ${msg.key}`);
  return entry[locale].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = msg.params?.[name];
    if (v === undefined) return whole;
    return typeof v === 'string' && !GENERATED_PARAMS.has(name) ? neutralizeMarkdown(v) : String(v);
  });
}
