// Label matchers in Alertmanager's syntax (`=`, `!=`, `=~`, `!~`), with RE2 semantics: anchored, linear time.
import { RE2JS } from 're2js';

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  readonly name: string;
  readonly op: MatchOp;
  readonly value: string;
  /** Set for =~ and !~: compiled once, matched against the whole value as Alertmanager anchors it. */
  readonly regex?: RE2JS;
}

export type ParsedMatcher =
  { readonly ok: true; readonly matcher: Matcher } | { readonly ok: false; readonly problem: string };

/** Longest matcher text accepted (the CRD says the same); RE2 bounds the time, this bounds compile cost. */
export const MAX_MATCHER_CHARS = 1024;
const SHAPE = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/s;

/** Parses `name op value`, where value is bare or double-quoted with Go escapes (\" \\ \n \t). */
export function parseMatcher(text: string): ParsedMatcher {
  if (text.length > MAX_MATCHER_CHARS)
    return { ok: false, problem: `longer than ${MAX_MATCHER_CHARS} characters` };
  const m = SHAPE.exec(text);
  if (!m)
    return { ok: false, problem: `"${text}" is not name=value, name!=value, name=~regex or name!~regex` };
  const [, name = '', op = '=', rawValue = ''] = m;
  const value = unquote(rawValue);
  if (value === undefined)
    return { ok: false, problem: `"${text}": the quoted value is not closed or has a bad escape` };
  const matchOp = op as MatchOp;
  if (matchOp === '=~' || matchOp === '!~') {
    try {
      return { ok: true, matcher: { name, op: matchOp, value, regex: RE2JS.compile(`^(?:${value})$`) } };
    } catch (err) {
      return { ok: false, problem: `"${text}": not a valid RE2 regular expression (${errMessage(err)})` };
    }
  }
  return { ok: true, matcher: { name, op: matchOp, value } };
}

/** Whether `labels` satisfy the matcher; a missing label counts as "" (Alertmanager's rule). */
export function matchesLabel(m: Matcher, labels: Readonly<Record<string, string>>): boolean {
  const v = Object.hasOwn(labels, m.name) ? (labels[m.name] ?? '') : '';
  switch (m.op) {
    case '=':
      return v === m.value;
    case '!=':
      return v !== m.value;
    case '=~':
      return m.regex?.matches(v) ?? false;
    case '!~':
      return !(m.regex?.matches(v) ?? false);
  }
}

/** All matchers must hold (an empty list matches every alert). */
export function matchesAll(matchers: readonly Matcher[], labels: Readonly<Record<string, string>>): boolean {
  return matchers.every((m) => matchesLabel(m, labels));
}

function unquote(raw: string): string | undefined {
  if (!raw.startsWith('"')) return raw;
  if (raw.length < 2 || !raw.endsWith('"')) return undefined;
  let out = '';
  const body = raw.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"') return undefined;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = body[++i];
    if (next === 'n') out += '\n';
    else if (next === 't') out += '\t';
    else if (next === '"' || next === '\\') out += next;
    else return undefined;
  }
  return out;
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
