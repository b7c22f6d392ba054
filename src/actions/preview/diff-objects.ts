// A readable difference between two JSON objects: one `path: before → after` line per changed leaf.
import { isRecord } from '../../lib/is-record.ts';

const MAX_VALUE_CHARS = 80;

/** Array items with a `name` (containers, env, volumes) are keyed by it, so a change reads `containers[app].image`. */
function flatten(value: unknown, path: string, out: Map<string, string>): void {
  if (Array.isArray(value)) {
    const named = value.every((v) => isRecord(v) && typeof v['name'] === 'string');
    value.forEach((v, i) => {
      const key = named && isRecord(v) ? String(v['name']) : String(i);
      flatten(v, `${path}[${key}]`, out);
    });
    return;
  }
  if (isRecord(value)) {
    // Empty objects and lists have no leaves: `{}` → `{a: 1}` reads as the one added leaf.
    for (const k of Object.keys(value)) flatten(value[k], path === '' ? k : `${path}.${k}`, out);
    return;
  }
  out.set(path, JSON.stringify(value) ?? 'null');
}

function clip(text: string): string {
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

/** Lines for every leaf under `roots` that differs, sorted by path, at most `max` (the last says how many more). */
export function diffObjects(before: unknown, after: unknown, roots: readonly string[], max = 20): string[] {
  const pick = (obj: unknown, root: string): unknown =>
    root.split('.').reduce<unknown>((o, k) => (isRecord(o) ? o[k] : undefined), obj);
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  for (const root of roots) {
    flatten(pick(before, root), root, a);
    flatten(pick(after, root), root, b);
  }
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  const lines: string[] = [];
  for (const p of paths) {
    const from = a.get(p);
    const to = b.get(p);
    if (from === to) continue;
    lines.push(`${p}: ${clip(from ?? '(none)')} → ${clip(to ?? '(none)')}`);
  }
  if (lines.length <= max) return lines;
  return [...lines.slice(0, max - 1), `… and ${lines.length - max + 1} more`];
}
