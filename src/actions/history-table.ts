// The rollout history as a narrow monospace table for a phone screen: newest last, the current revision starred.
import type { Revision } from './revisions.ts';

const MAX_CAUSE_CHARS = 60;

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_CAUSE_CHARS ? `${oneLine.slice(0, MAX_CAUSE_CHARS - 1)}…` : oneLine;
}

/**
 * ```
 *   REV  CHANGE-CAUSE
 *   1    <none>
 * * 2    deploy v2
 * ```
 */
export function formatHistoryTable(
  revisions: readonly Revision<unknown>[],
  current: number | undefined,
): string {
  const width = Math.max(3, ...revisions.map((r) => String(r.revision).length));
  const row = (mark: string, rev: string, cause: string): string =>
    `${mark} ${rev.padEnd(width)}  ${cause}`.trimEnd();
  return [
    row(' ', 'REV', 'CHANGE-CAUSE'),
    ...revisions.map((r) =>
      row(
        r.revision === current ? '*' : ' ',
        String(r.revision),
        r.changeCause ? clip(r.changeCause) : '<none>',
      ),
    ),
  ].join('\n');
}
