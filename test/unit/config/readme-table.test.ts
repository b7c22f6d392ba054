import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../../../src/config/schema.ts';

describe('README configuration table', () => {
  const readme = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8');
  it.each(SETTINGS.map((s) => [s.env, s.default] as const))('documents %s with its default', (env, def) => {
    const row = readme.split('\n').find((l) => new RegExp(`^\\|\\s*\`${env}\`\\s*\\|`).test(l));
    expect(row, `README has no row for ${env}`).toBeDefined();
    if (def !== '' && !def.startsWith('(')) expect(row).toContain(`\`${def}\``);
  });
});
