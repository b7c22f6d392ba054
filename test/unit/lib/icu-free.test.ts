// Locale-free ordering and the lazy segmenter: the controller keeps ICU's collation and break data out of memory
// until a reply really needs cutting (docs/benchmarks.md, issue 16).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareText } from '../../../src/lib/compare-text.ts';
import { segmentGraphemes } from '../../../src/lib/graphemes.ts';

const SRC = join(import.meta.dirname, '../../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('locale-free text order', () => {
  it('orders by code unit, the same on every machine', () => {
    expect(['scale', 'logs', '扩容', 'restart', 'logs-2'].sort(compareText)).toEqual([
      'logs',
      'logs-2',
      'restart',
      'scale',
      '扩容',
    ]);
    expect(compareText('a', 'a')).toBe(0);
    expect(compareText('2026-12-06T01:00:00Z', '2026-12-06T00:59:59Z')).toBeGreaterThan(0);
  });

  it('no source file sorts with localeCompare or builds an Intl object at load', () => {
    const offenders = sourceFiles(SRC).flatMap((f) => {
      const text = readFileSync(f, 'utf8');
      const found: string[] = [];
      if (/\.localeCompare\(/.test(text)) found.push(`${f}: localeCompare`);
      // Only the lazy segmenter may name Intl; elsewhere an Intl object would load ICU data for the whole run.
      if (/\bnew Intl\./.test(text) && !f.endsWith(join('lib', 'graphemes.ts')))
        found.push(`${f}: new Intl.`);
      return found;
    });
    expect(offenders).toEqual([]);
  });
});

describe('grapheme segmenter', () => {
  it('keeps emoji and combining marks whole', () => {
    expect([...segmentGraphemes('e\u0301👍🏽a')].map((s) => s.segment)).toEqual(['e\u0301', '👍🏽', 'a']);
  });
});
