// The one writer of docs/benchmarks.md: each benchmark replaces only its own section, between its markers.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../tools/local-cluster/index.ts';

/** Sections in document order; a missing section is inserted before the first one that follows it. */
export const SECTIONS = [
  'callback',
  'e2e-scale',
  'registry',
  'logs',
  'diagnose',
  'alerts',
  'footprint',
  'soak',
] as const;
export type SectionName = (typeof SECTIONS)[number];

export const BENCHMARKS_DOC = join(repoRoot, 'docs', 'benchmarks.md');

const begin = (name: string): string => `<!-- bench:${name}:begin -->`;
const end = (name: string): string => `<!-- bench:${name}:end -->`;

const HEADER = `# Benchmarks

How fast and how small kubetalk is, measured against the right baselines (issue 7), and whether it stays flat
under hours of mixed traffic (issue 6, soak). Each section below is written by its script; run one on its own
and only its section changes. Figures are medians over several runs with their spread; targets are measured
here, never asserted in tests.

| section | command |
| ------- | ------- |
| callback path | \`npm run bench:callback\` |
| end-to-end scale | \`npm run bench:e2e-scale\` |
| registry scale | \`npm run bench:registry\` |
| logs | \`npm run bench:logs\` |
| footprint | \`npm run bench:footprint\` |
| all of the above | \`npm run bench\` |
| soak (short; \`-- --minutes 30\` for the long variant) | \`npm run soak\` |

Every benchmark starts its own control plane (tools/local-cluster, in a temporary folder) and the controller
as \`node dist/main.js\` — the esbuild bundle that ships (run \`npm run build\` first); footprint
and registry scale also run tsc's unbundled \`dist/unbundled/main.js\` in the same run for comparison. Pass \`-- --wait-quiet\` to wait (up to 40 minutes)
until the 1-minute load average is below 0.8 before measuring; the load at the start is recorded either way.
`;

function skeleton(): string {
  return `${HEADER}\n${SECTIONS.map((s) => `${begin(s)}\n_not measured yet_\n${end(s)}\n`).join('\n')}`;
}

/** Replaces the body of one section (creating the document or the section when missing) and writes atomically. */
export function writeSection(name: SectionName, markdown: string): void {
  let doc = existsSync(BENCHMARKS_DOC) ? readFileSync(BENCHMARKS_DOC, 'utf8') : skeleton();
  const block = `${begin(name)}\n${markdown.trim()}\n${end(name)}`;
  const start = doc.indexOf(begin(name));
  const stop = doc.indexOf(end(name));
  if (start >= 0 && stop > start) {
    doc = doc.slice(0, start) + block + doc.slice(stop + end(name).length);
  } else {
    const later = SECTIONS.slice(SECTIONS.indexOf(name) + 1)
      .map((s) => doc.indexOf(begin(s)))
      .find((i) => i >= 0);
    doc =
      later === undefined
        ? `${doc.trimEnd()}\n\n${block}\n`
        : `${doc.slice(0, later)}${block}\n\n${doc.slice(later)}`;
  }
  const tmp = `${BENCHMARKS_DOC}.${process.pid}.tmp`;
  writeFileSync(tmp, doc);
  renameSync(tmp, BENCHMARKS_DOC);
}
