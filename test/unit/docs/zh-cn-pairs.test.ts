// The Chinese docs stay in step with their English twins: same sections (heading levels in order), same code
// blocks byte for byte, and each links to the other at its top.
import { describe, expect, it } from 'vitest';
import { headings, read, splitFences } from './markdown.ts';

export const PAIRS: readonly (readonly [english: string, chinese: string])[] = [
  ['README.md', 'README.zh-CN.md'],
  ['docs/getting-started-dingtalk.md', 'docs/getting-started-dingtalk.zh-CN.md'],
  ['docs/cookbook.md', 'docs/cookbook.zh-CN.md'],
  ['docs/troubleshooting.md', 'docs/troubleshooting.zh-CN.md'],
];

const base = (path: string): string => path.split('/').pop() ?? path;

describe.each(PAIRS)('%s and %s', (en, zh) => {
  const english = read(en);
  const chinese = read(zh);

  it('have the same sections, in the same order', () => {
    const levels = (md: string): string =>
      headings(md)
        .map((h) => '#'.repeat(h.level))
        .join(' ');
    expect(levels(chinese)).toBe(levels(english));
  });

  it('have the same code blocks', () => {
    expect(splitFences(chinese).fences).toEqual(splitFences(english).fences);
  });

  it('link to each other at the top', () => {
    const top = (md: string): string => md.split('\n').slice(0, 8).join('\n');
    expect(top(english)).toContain(`](${base(zh)})`);
    expect(top(chinese)).toContain(`](${base(en)})`);
  });

  it('the Chinese one is in Chinese', () => {
    const prose = splitFences(chinese).prose.join('\n');
    const han = prose.match(/\p{Script=Han}/gu)?.length ?? 0;
    expect(han).toBeGreaterThan(prose.length / 20);
  });
});
