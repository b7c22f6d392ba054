// README badges say only what is true: the version and licence of package.json, the release workflow that exists.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { read, ROOT } from './markdown.ts';

const pkg = JSON.parse(read('package.json')) as { version: string; license: string };

describe.each(['README.md', 'README.zh-CN.md'])('%s badges', (doc) => {
  const badges = [...read(doc).matchAll(/\[!\[([^\]]*)\]\(([^)]+)\)\]\(([^)]+)\)/g)];

  it('show package.json version and licence', () => {
    expect(badges.map((b) => b[1])).toEqual(
      expect.arrayContaining([`version: ${pkg.version}`, `licence: ${pkg.license}`]),
    );
    const version = badges.find((b) => b[1]?.startsWith('version'))?.[2] ?? '';
    expect(version).toContain(`version-${pkg.version.replace(/-/g, '--')}-`);
  });

  it('point at workflows that exist', () => {
    for (const b of badges) {
      const workflow = /actions\/workflows\/([\w.-]+)\/badge\.svg/.exec(b[2] ?? '')?.[1];
      if (workflow !== undefined) expect(existsSync(join(ROOT, '.github', 'workflows', workflow))).toBe(true);
    }
  });
});
