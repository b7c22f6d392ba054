// Tenant, user and cluster text made inert: every markdown construct DingTalk renders, and ids kept copyable.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  neutralizeBlock,
  neutralizeCodeSpan,
  neutralizeMarkdown,
  neutralizeUrl,
} from '../../../src/i18n/neutralize-markdown.ts';

/** Characters that start or make a markdown construct in DingTalk's subset (and CommonMark's). */
const ACTIVE = /[[\]<>`@*_~#|\\]|:\/\//;

describe('neutralizeMarkdown', () => {
  it.each([
    ['link', '[Reset password](https://evil.example/reset)'],
    ['image', '![x](https://evil.example/pixel.png)'],
    ['autolink', 'see https://evil.example/now'],
    ['angle autolink', '<https://evil.example>'],
    ['dtmd link', '[tap](dtmd://dingtalkclient/sendMessage?content=scale%20web%200)'],
    ['mention', '@13800000000 @all please look'],
    ['bold', '**urgent**'],
    ['italic', '*x* and _y_'],
    ['strike', '~~gone~~'],
    ['heading', '# Title'],
    ['html', '<font color="red">x</font>'],
    ['code span', '`x`'],
    ['table', '| a | b |'],
    ['escape', '\\[not a link\\]'],
  ])('makes a %s inert', (_name, text) => {
    expect(neutralizeMarkdown(text)).not.toMatch(ACTIVE);
  });

  it('keeps plain words, digits and CJK unchanged', () => {
    expect(neutralizeMarkdown('Scale the shop (1–10 replicas): 扩容 web 3')).toBe(
      'Scale the shop (1–10 replicas): 扩容 web 3',
    );
  });

  it('leaves nothing active in any string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        expect(neutralizeMarkdown(s)).not.toMatch(ACTIVE);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('neutralizeBlock', () => {
  it('also makes line-start lists, quotes and headings inert', () => {
    const out = neutralizeBlock('- item\n+ item\n1. first\n> quote\n## h\n  - nested');
    expect(out).not.toMatch(/^\s*([-+>#]|\d+\.)\s/m);
    expect(out.split('\n')).toHaveLength(6);
  });

  it('keeps the lines of a log and what they say', () => {
    expect(neutralizeBlock('GET /healthz 200 12ms\nready')).toBe('GET /healthz 200 12ms\nready');
  });

  it('leaves no active construct at any line start (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 40 }), { maxLength: 20 }), (lines) => {
        const out = neutralizeBlock(lines.join('\n'));
        expect(out).not.toMatch(ACTIVE);
        expect(out).not.toMatch(/^\s*([-+]|\d{1,9}\.)\s/m);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('neutralizeCodeSpan', () => {
  it('keeps ids exact for copying, closing only the way out of the span', () => {
    expect(neutralizeCodeSpan('cid_A+b/c==')).toBe('cid_A+b/c==');
    expect(neutralizeCodeSpan('a`b')).toBe('aˋb');
  });
});

describe('neutralizeUrl', () => {
  it('keeps an http(s) link a link, with nothing that could end it or start markup', () => {
    expect(neutralizeUrl('https://ci.example/job/7/')).toBe('https://ci.example/job/7/');
    expect(neutralizeUrl('https://ci.example/a)](x)![y](z) @all')).toBe(
      'https://ci.example/a%29%5D%28x%29!%5By%5D%28z%29%20%40all',
    );
  });

  it('treats anything that is not an http(s) URL as text', () => {
    expect(neutralizeUrl('dtmd://dingtalkclient/sendMessage?content=x')).not.toMatch(/:\/\//);
    expect(neutralizeUrl('[x](https://e)')).not.toMatch(/\]\(/);
  });
});
