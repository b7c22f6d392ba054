// Message catalogs and their rendering: every user-facing sentence exists in English and Simplified Chinese.
import type { UserMessage } from '../errors.ts';
import { neutralizeCodeSpan, neutralizeMarkdown, neutralizeUrl } from './neutralize-markdown.ts';

export { neutralizeMarkdown } from './neutralize-markdown.ts';

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
      if (Object.hasOwn(out, k)) throw new Error(`duplicate message key ${k}`);
      out[k] = v;
    }
  }
  return out;
}

/** Command lines kubetalk builds itself from validated ChatCommands (their `<name>` placeholders must stay). */
const GENERATED_PARAMS: ReadonlySet<string> = new Set(['usage', 'example']);
/** Ids shown in inline code for copying into allow lists: they must stay exact, and cannot leave the span. */
const CODE_SPAN_PARAMS: ReadonlySet<string> = new Set(['userId', 'conversationId', 'canI', 'permission']);
/** Links an action chose to show (a build's page): they stay links, but cannot carry markup or end early. */
const URL_PARAMS: ReadonlySet<string> = new Set(['link']);

/**
 * Parameters carry text from chat users, tenants and the platform (what they typed, nicknames, names): they must not
 * become links, images, mentions or markup in a reply.
 */
function renderParam(name: string, v: string | number): string {
  if (typeof v !== 'string' || GENERATED_PARAMS.has(name)) return String(v);
  if (URL_PARAMS.has(name)) return neutralizeUrl(v);
  return CODE_SPAN_PARAMS.has(name) ? neutralizeCodeSpan(v) : neutralizeMarkdown(v);
}

export function formatMessage(catalog: Catalog, locale: Locale, msg: UserMessage): string {
  const entry = Object.hasOwn(catalog, msg.key) ? catalog[msg.key] : undefined;
  if (!entry) throw new Error(`missing message key ${msg.key}`);
  return entry[locale].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = msg.params?.[name];
    if (v === undefined) return whole;
    return renderParam(name, v);
  });
}
