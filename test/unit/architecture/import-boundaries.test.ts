// The folder layout is the architecture (docs/design/0002): DingTalk lives in src/platforms/dingtalk/ and is wired
// only by src/app/ (and imitated by the simulator); a platform knows nothing of Kubernetes. This walks every import
// under src/ and fails on a new crossing. KNOWN_VIOLATIONS lists today's crossings, each to be emptied by the
// refactor of issue 11 (items 1–3); an entry that no longer happens fails too, so the list only shrinks.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const src = join(root, 'src');

/** Modules DingTalk owns: its platform folder, and any module named after it elsewhere. */
function isDingTalkModule(path: string): boolean {
  return path.startsWith('src/platforms/dingtalk/') || /(^|\/)[^/]*dingtalk[^/]*(\/|$)/.test(path);
}

/** Where DingTalk-specific imports are allowed: the platform itself, the wiring, and the simulator. */
function mayImportDingTalk(file: string): boolean {
  return ['src/platforms/dingtalk/', 'src/app/', 'src/simulator/'].some((p) => file.startsWith(p));
}

/** Kubernetes code: the client library, and our folders that speak to the API server. */
function isKubernetesImport(target: string): boolean {
  return (
    target === '@kubernetes/client-node' ||
    target.startsWith('@kubernetes/') ||
    ['src/kube/', 'src/controller/', 'src/actions/', 'src/coordination/'].some((p) => target.startsWith(p))
  );
}

/**
 * Today's crossings (b8af5df + this branch), "importer -> imported". The lead's refactor (issue 11 items 1–3)
 * moves these; delete each line as it goes.
 */
const KNOWN_VIOLATIONS: readonly string[] = [
  // `kubetalk sign` builds headers with the simulator's signer; the signer belongs to the platform (issue 11 item 1).
  'src/cli/run-sign.ts -> src/simulator/dingtalk/index.ts',
];

interface Edge {
  readonly from: string;
  readonly to: string;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function readEdges(): Edge[] {
  return listFiles(src).flatMap((abs) => {
    const from = relative(root, abs);
    const text = readFileSync(abs, 'utf8');
    return [...text.matchAll(IMPORT)].map((m) => {
      const spec = m[1] ?? m[2] ?? '';
      const to = spec.startsWith('.') ? relative(root, resolve(dirname(abs), spec)) : spec;
      return { from, to };
    });
  });
}

const edges = readEdges();

function violations(): string[] {
  const found = new Set<string>();
  for (const { from, to } of edges) {
    if (isDingTalkModule(to) && !mayImportDingTalk(from) && !isDingTalkModule(from))
      found.add(`${from} -> ${to}`);
    if (from.startsWith('src/platforms/') && isKubernetesImport(to)) found.add(`${from} -> ${to}`);
  }
  return [...found].sort();
}

describe('import boundaries', () => {
  it('reads the imports of every module (the walk itself works)', () => {
    expect(edges.length).toBeGreaterThan(500);
    expect(edges.some((e) => e.from === 'src/main.ts' && e.to.startsWith('src/'))).toBe(true);
  });

  it('no DingTalk import outside src/platforms/dingtalk/, src/app/ and the simulator; no Kubernetes code in src/platforms/', () => {
    const found = violations();
    const fresh = found.filter((v) => !KNOWN_VIOLATIONS.includes(v));
    expect(fresh, 'new boundary crossings (move the code, or wire it in src/app/)').toEqual([]);
  });

  it('lists only crossings that still happen (the allow-list only shrinks)', () => {
    const found = new Set(violations());
    expect(
      KNOWN_VIOLATIONS.filter((v) => !found.has(v)),
      'remove these from KNOWN_VIOLATIONS',
    ).toEqual([]);
  });
});
