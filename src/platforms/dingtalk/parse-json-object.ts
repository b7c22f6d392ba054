// Parses an untrusted callback body into a JSON object, refusing what could hurt: invalid UTF-8, deep nesting,
// and keys that could reach a prototype.
import { exceedsJsonDepth } from './json-depth.ts';
import { isRecord } from '../../lib/is-record.ts';

export type JsonObject = Readonly<Record<string, unknown>>;

// Keys that could reach a prototype if anything downstream ever merged this object; refuse the whole body.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const utf8 = new TextDecoder('utf-8', { fatal: true });
/**
 * Real callbacks nest four levels (body → content → richText → segment). JSON.parse itself is iterative, but
 * its reviver recurses, and a 64 KiB body of brackets would overflow the stack; refusing early keeps that off.
 */
const MAX_JSON_DEPTH = 32;

export function parseJsonObject(
  raw: Buffer | string,
): { ok: true; value: JsonObject } | { ok: false; reason: string } {
  let source: string;
  try {
    source = typeof raw === 'string' ? raw : utf8.decode(raw);
  } catch {
    return { ok: false, reason: 'body is not valid UTF-8' };
  }
  if (exceedsJsonDepth(source, MAX_JSON_DEPTH)) return { ok: false, reason: 'body is nested too deeply' };
  let forbidden = false;
  let value: unknown;
  // The reviver costs a callback per value; a forbidden key can only appear if the text spells part of it or
  // hides it behind a \u escape, so plain bodies take the fast path.
  const suspicious = source.includes('proto') || source.includes('constructor') || source.includes('\\u');
  try {
    value = suspicious
      ? JSON.parse(source, (key, v: unknown) => {
          if (FORBIDDEN_KEYS.has(key)) forbidden = true;
          return v;
        })
      : (JSON.parse(source) as unknown);
  } catch {
    return { ok: false, reason: 'body is not valid JSON' };
  }
  if (forbidden) return { ok: false, reason: 'body contains a forbidden key' };
  if (!isRecord(value)) return { ok: false, reason: 'body is not a JSON object' };
  return { ok: true, value };
}
