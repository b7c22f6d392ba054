// What an AlertRoute must also satisfy that its CRD cannot say (so the API server admits it and the controller then
// reports InvalidSpec): matchers that parse and whose regexes compile as RE2, button titles that are not blank.
import { parseMatcher } from '../alerts/matchers.ts';
import { isRecord } from '../lib/is-record.ts';

/**
 * Problems ("path: message") of a spec, read defensively: they run beside the CRD's checks (so one pass reports
 * everything) and look only at values of the right type; the CRD reports the others.
 */
export function checkAlertRouteRuntimeRules(spec: unknown): string[] {
  if (!isRecord(spec)) return [];
  const problems: string[] = [];
  // The CRD's pattern checks the matcher's start only: quoting and RE2 syntax need the parser.
  listOf(spec.match).forEach((text, i) => {
    if (typeof text !== 'string') return;
    const parsed = parseMatcher(text);
    if (!parsed.ok) problems.push(`spec.match[${i}]: ${parsed.problem}`);
  });
  // A title of spaces renders as an empty button; minLength cannot see that.
  listOf(spec.actions).forEach((a, i) => {
    const title = isRecord(a) ? a.title : undefined;
    if (typeof title === 'string' && title !== '' && title.trim() === '')
      problems.push(`spec.actions[${i}].title: must not be blank`);
  });
  return problems;
}

function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}
