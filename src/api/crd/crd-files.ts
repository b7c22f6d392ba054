// The CRD files the validators read: crds/*.yaml from the repository, or their text embedded by scripts/bundle.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CrdFile {
  /** The file name, e.g. kubetalk.io_chatcommands.yaml. */
  readonly name: string;
  readonly text: string;
}

/**
 * Every crds/*.yaml, sorted by name. The bundle replaces this module with one that returns the files' text as it
 * was at build time (the image ships dist/ only); from the sources (tests, dev) the files are read from the repo.
 */
export function readCrdFiles(): readonly CrdFile[] {
  const dir = findCrdDirectory(dirname(fileURLToPath(import.meta.url)));
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}

/** The nearest crds/ above this module: src/api/crd/ and dist/unbundled/api/crd/ both find the repository's. */
function findCrdDirectory(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'crds');
    if (existsSync(join(candidate, 'kubetalk.io_chatcommands.yaml'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`no crds/ directory above ${from}`);
  }
}
