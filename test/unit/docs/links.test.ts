// Relative links in the README and docs resolve: the file exists, and an #anchor names a heading of it.
import { existsSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchorsOf, documentationFiles, read, relativeLinks, ROOT } from './markdown.ts';

describe('relative links in the docs', () => {
  const files = documentationFiles();

  it('finds the docs', () => {
    expect(files).toContain('README.md');
    expect(files).toContain('docs/cookbook.md');
  });

  it.each(files)('%s: every relative link resolves', (file) => {
    const broken: string[] = [];
    for (const href of relativeLinks(read(file))) {
      const [path = '', anchor] = href.split('#');
      const target = path === '' ? file : normalize(join(dirname(file), decodeURIComponent(path)));
      if (!existsSync(join(ROOT, target))) {
        broken.push(`${href} (no ${target})`);
        continue;
      }
      if (
        anchor !== undefined &&
        anchor !== '' &&
        target.endsWith('.md') &&
        !anchorsOf(read(target)).has(anchor)
      ) {
        broken.push(`${href} (no heading #${anchor} in ${target})`);
      }
    }
    expect(broken).toEqual([]);
  });
});
