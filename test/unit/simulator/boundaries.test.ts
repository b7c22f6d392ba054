// src/simulator stands in for DingTalk: it must not share code with the product it checks, nor know Kubernetes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = 'src/simulator';
const FORBIDDEN = [
  /@kubernetes\//,
  /\/kube\//,
  /\/actions\//,
  /\/controller\//,
  /\/platforms\//,
  /\/dispatch\//,
];

/** Third-party libraries a double may use: a protocol library, never product code (ws: the Stream gateway). */
const LIBRARIES = new Set(['ws']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('src/simulator boundaries', () => {
  it.each(sources(ROOT))('%s imports only node:, its own folder and nothing of the product', (file) => {
    const imports = [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1] ?? '');
    for (const spec of imports) {
      expect(
        FORBIDDEN.some((re) => re.test(spec)),
        `${file} imports ${spec}`,
      ).toBe(false);
      const allowed = spec.startsWith('node:') || spec.startsWith('./') || spec.startsWith('../');
      expect(allowed || LIBRARIES.has(spec), spec).toBe(true);
      // Relative imports never leave src/simulator.
      if (spec.startsWith('../')) expect(join(file, '..', spec).startsWith(ROOT), spec).toBe(true);
    }
  });
});
