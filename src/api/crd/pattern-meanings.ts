// Words for the CRDs' regular expressions, so an offline error says "must be a DNS-1123 label" rather than the regex.
//
// Keyed by the pattern text exactly as the CRD spells it: a pattern without an entry is still checked, and its
// message then quotes the regex. Words only; what is valid is decided by the CRD alone.
const CJK = '\u3400-\u4dbf\u4e00-\u9fff';
const TRIGGER_WORD = `[a-z0-9${CJK}]+(-[a-z0-9${CJK}]+)*`;

const MEANINGS: Readonly<Record<string, string>> = {
  [`^${TRIGGER_WORD}( ${TRIGGER_WORD}){0,2}$`]:
    "1–3 words separated by single spaces; each word lowercase letters, digits, Chinese characters and inner '-'",
  '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$': "a DNS-1123 label (lowercase letters, digits and '-')",
  '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$':
    "a DNS-1123 subdomain (lowercase letters, digits, '-' and '.')",
  '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$':
    'a label key such as app or example.com/tier',
  '^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$':
    "a label value (letters, digits, '-', '_' and '.', starting and ending with a letter or digit)",
  '^[!-~]+$': 'printable ASCII without spaces',
  '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$':
    'a condition type such as Ready',
  '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$': 'a CamelCase reason such as Accepted',
  '^[a-z]([-a-z0-9]*[a-z0-9])?$': "a flag name (lowercase letters, digits and inner '-')",
  '^[A-Za-z_][A-Za-z0-9_]*$':
    'an environment variable name (letters, digits and _, not starting with a digit)',
  // AlertRoute (crds/kubetalk.io_alertroutes.yaml).
  '^\\s*[a-zA-Z_][a-zA-Z0-9_]*\\s*(=~|!~|!=|=)':
    'a matcher name=value, name!=value, name=~regex or name!~regex (name: letters, digits and _)',
  '^[a-zA-Z_][a-zA-Z0-9_]*$': 'a label name (letters, digits and _, not starting with a digit)',
  '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$': "a Secret name (lowercase letters, digits, '-' and '.')",
  '^([^{}\\n]|\\{\\{ *labels\\.[a-zA-Z_][a-zA-Z0-9_]* *\\}\\})+$':
    'one line whose only placeholders are {{ labels.NAME }}',
};

/** Where one pattern means something more specific (a ChatCommand's allow lists take DingTalk ids or "*"). */
const AT_PATH: readonly { readonly path: RegExp; readonly meaning: string }[] = [
  {
    path: /^spec\.allow\.(users|conversations)\[\d+\]$/,
    meaning: 'a DingTalk id (printable ASCII, no spaces) or "*"',
  },
];

/** "must be …" for a string that does not match `pattern` at `path`. */
export function describePattern(pattern: string, path: string): string {
  const specific = AT_PATH.find((p) => p.path.test(path));
  if (specific && MEANINGS[pattern] !== undefined) return specific.meaning;
  return MEANINGS[pattern] ?? `a string matching ${pattern}`;
}
