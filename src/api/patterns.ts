// The string patterns of the ChatCommand schema, written once so the CRD, the validator and the chat grammar agree.
//
// They are plain strings (not RegExp literals) because the same text must be valid for the API server's Go
// RE2 engine and for JavaScript's: no \p{…}, no \u escapes inside the pattern. CJK ranges are therefore
// spelled with the characters themselves (the TS string escapes below become literal characters at runtime).

/** CJK Unified Ideographs and Extension A; compatibility ideographs are left out because NFKC rewrites them. */
const CJK = '\u3400-\u4dbf\u4e00-\u9fff';
const TRIGGER_WORD = `[a-z0-9${CJK}]+(-[a-z0-9${CJK}]+)*`;

/** 1–3 words separated by one ASCII space. Each word: lowercase letters, digits, CJK, inner hyphens. */
export const TRIGGER_PATTERN = `^${TRIGGER_WORD}( ${TRIGGER_WORD}){0,2}$`;

/** Messages starting with one of these are built-ins, so a trigger must not start with one. */
export const BUILTIN_WORDS = [
  'help',
  'whoami',
  '帮助',
  '我是谁',
  // Deciding requests (docs/design/0012-approvals.md).
  'approve',
  'reject',
  'cancel',
  'confirm',
  '同意',
  '拒绝',
  '取消',
  '确认',
] as const;
export const BUILTIN_PREFIX_PATTERN = `^(${BUILTIN_WORDS.join('|')})( |$)`;

export const DNS1123_LABEL_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
export const DNS1123_SUBDOMAIN_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';

/** A label key: optional DNS subdomain prefix and "/", then a name of alphanumerics, `-`, `_`, `.`. */
export const LABEL_KEY_PATTERN =
  '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$';
export const LABEL_VALUE_PATTERN = '^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$';

/** DingTalk conversation and staff ids: printable ASCII without spaces (ids may hold `$`, `:`, `+`, `/`, `=`). */
export const CHAT_ID_PATTERN = '^[!-~]+$';

/** metav1.Condition type and reason. */
export const CONDITION_TYPE_PATTERN =
  '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$';
export const CONDITION_REASON_PATTERN = '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$';

/** A Job parameter's flag name: lowercase, like the rest of the chat grammar's flags. */
export const PARAMETER_NAME_PATTERN = '^[a-z]([-a-z0-9]*[a-z0-9])?$';
/** An environment variable name, as the API server accepts it (C identifier, the common convention). */
export const ENV_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';

/** Compiles a schema pattern for JavaScript; `u` so that ranges compare code points, as RE2 does. */
export function compilePattern(source: string): RegExp {
  return new RegExp(source, 'u');
}
