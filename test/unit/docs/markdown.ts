// Small readers of the repository's markdown: headings, fenced code blocks, links, GitHub's heading anchors.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const ROOT = join(import.meta.dirname, '../../..');

export interface Fence {
  readonly info: string;
  readonly body: string;
}

/** Lines outside fenced code blocks, and the blocks themselves. */
export function splitFences(markdown: string): { prose: string[]; fences: Fence[] } {
  const prose: string[] = [];
  const fences: Fence[] = [];
  let open: { marker: string; info: string; lines: string[] } | undefined;
  for (const line of markdown.split('\n')) {
    if (open) {
      if (line.trim() === open.marker) {
        fences.push({ info: open.info, body: open.lines.join('\n') });
        open = undefined;
      } else open.lines.push(line);
      continue;
    }
    const start = /^(`{3,}|~{3,})(.*)$/.exec(line.trim());
    if (start?.[1] !== undefined) open = { marker: start[1], info: (start[2] ?? '').trim(), lines: [] };
    else prose.push(line);
  }
  return { prose, fences };
}

export function headings(markdown: string): { level: number; text: string }[] {
  return splitFences(markdown)
    .prose.map((l) => /^(#{1,6})\s+(.*?)\s*#*$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ level: m[1]?.length ?? 0, text: m[2] ?? '' }));
}

/** GitHub's anchor for a heading: lower case, punctuation dropped (letters of any script kept), spaces → "-". */
export function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const { text } of headings(markdown)) {
    const plain = text.replace(/`/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const base = plain
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Relative link targets in prose (inline links and images), without external URLs. */
export function relativeLinks(markdown: string): string[] {
  const prose = splitFences(markdown)
    .prose.join('\n')
    .replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((m) => m[1] ?? '')
    .filter((href) => !/^[a-z][a-z0-9+.-]*:/i.test(href));
}

/** The user-facing markdown: README*, docs/**, charts/**. */
export function documentationFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(join(ROOT, dir))) {
      const path = join(dir, name);
      if (statSync(join(ROOT, path)).isDirectory()) walk(path);
      else if (name.endsWith('.md')) out.push(path);
    }
  };
  for (const f of readdirSync(ROOT)) if (/^README.*\.md$/.test(f)) out.push(f);
  walk('docs');
  walk('charts');
  return out.map((p) => relative(ROOT, join(ROOT, p)));
}

export function read(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}
