// The human-readable form of a validation report: one line per object, its problems indented, then collisions.
import type { TerminalStyle } from '../simulator/terminal/style.ts';
import { formatLocation, type CheckedObject, type ValidationReport } from './check-chat-commands.ts';

export function formatValidationReport(report: ValidationReport, style: TerminalStyle): string {
  const lines: string[] = [];
  for (const o of report.objects) {
    lines.push(`${formatLocation(o)}  ${describeObject(o)}  ${formatStatus(o, style)}`);
    for (const p of o.problems) lines.push(`    ${p}`);
    for (const w of o.warnings) lines.push(`    warning: ${w}`);
  }
  for (const c of report.conflicts) {
    const [a, b] = c.commands;
    const where = c.conversations.includes('*')
      ? 'in every conversation'
      : `in ${c.conversations.join(', ')}`;
    lines.push(
      `${style.bad('trigger conflict')}: "${c.phrase}" is answered by ${a.namespace}/${a.name} (${formatLocation(a)}) ` +
        `and ${b.namespace}/${b.name} (${formatLocation(b)}) ${where}`,
      '    both are in one namespace and admit the same senders there, so chat cannot tell them apart and the ' +
        'controller marks both TriggerConflict; rename a trigger or alias, or narrow allow.users or allow.conversations',
    );
  }
  lines.push('', summarize(report, style));
  return lines.join('\n') + '\n';
}

function describeObject(o: CheckedObject): string {
  if (isUnreadable(o)) return 'YAML document';
  const name = o.name === undefined ? '(no name)' : o.namespace ? `${o.namespace}/${o.name}` : o.name;
  return `${o.kind ?? '(unknown kind)'} ${name}`;
}

function formatStatus(o: CheckedObject, style: TerminalStyle): string {
  switch (o.status) {
    case 'valid':
      return `${style.ok('valid')}${o.summary ? style.dim(` — ${o.summary}`) : ''}`;
    case 'invalid':
      return style.bad('invalid');
    case 'skipped':
      return style.dim('skipped (not a ChatCommand)');
  }
}

function summarize(report: ValidationReport, style: TerminalStyle): string {
  const unreadable = report.objects.filter(isUnreadable).length;
  const commands = report.objects.filter((o) => o.status !== 'skipped' && !isUnreadable(o));
  const invalid = commands.filter((o) => o.status === 'invalid').length;
  const warnings = commands.reduce((n, o) => n + o.warnings.length, 0);
  const files = new Set(report.objects.map((o) => o.file)).size;
  const parts = [
    `${commands.length - invalid} valid`,
    `${invalid} invalid`,
    ...(unreadable > 0 ? [`${unreadable} unreadable YAML document${unreadable === 1 ? '' : 's'}`] : []),
    `${report.conflicts.length} trigger conflict${report.conflicts.length === 1 ? '' : 's'}`,
    `${warnings} warning${warnings === 1 ? '' : 's'}`,
  ];
  const verdict = report.ok ? style.ok('OK') : style.bad('FAILED');
  return `${verdict}: ${commands.length} ChatCommand${commands.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

/** A document that did not parse, so it is not known to be a ChatCommand at all. */
function isUnreadable(o: CheckedObject): boolean {
  return o.kind === undefined && o.problems.some((p) => p.startsWith('YAML: '));
}
