// What a bundle entry loads before any dynamic import(): the entry and every chunk it imports statically, transitively.
import { readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';

/** Absolute paths of the chunks `entry` loads at start (esbuild's relative `import "./chunks/…"` statements). */
export function staticChunkClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*"(\.{1,2}\/[^"]+\.js)"/g))
      visit(join(dirname(file), m[1] ?? ''));
  };
  visit(entry);
  return [...seen].filter((f) => f.includes(`${sep}chunks${sep}`));
}
