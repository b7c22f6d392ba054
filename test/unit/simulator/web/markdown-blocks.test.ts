import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdownBlocks } from '../../../../src/simulator/web/markdown-blocks.ts';

describe('parseMarkdownBlocks (DingTalk subset → data)', () => {
  it('builds headings, lists, quotes, rules and paragraphs with line breaks', () => {
    const blocks = parseMarkdownBlocks(
      '### Who\n- **name**: a\n- id: `x`\n\n> note\n---\n1. one\n2. two\nline a\nline b',
    );
    expect(blocks).toEqual([
      { t: 'h', level: 3, c: [{ t: 'text', v: 'Who' }] },
      {
        t: 'ul',
        items: [
          [
            { t: 'strong', c: [{ t: 'text', v: 'name' }] },
            { t: 'text', v: ': a' },
          ],
          [
            { t: 'text', v: 'id: ' },
            { t: 'code', v: 'x' },
          ],
        ],
      },
      { t: 'quote', lines: [[{ t: 'text', v: 'note' }]] },
      { t: 'hr' },
      { t: 'ol', start: 1, items: [[{ t: 'text', v: 'one' }], [{ t: 'text', v: 'two' }]] },
      { t: 'p', lines: [[{ t: 'text', v: 'line a' }], [{ t: 'text', v: 'line b' }]] },
    ]);
  });

  it('keeps fenced code byte for byte, markdown inside included', () => {
    expect(parseMarkdownBlocks('```\n**not bold** <b>\n  indented\n```')).toEqual([
      { t: 'code', v: '**not bold** <b>\n  indented' },
    ]);
  });

  it('keeps markup as text: nothing in a reply becomes an element', () => {
    const html = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    expect(parseInline(html)).toEqual([{ t: 'text', v: html }]);
  });

  it('links only to http(s); other schemes stay visible text', () => {
    expect(parseInline('[ok](https://example.com/a)')).toEqual([
      { t: 'link', href: 'https://example.com/a', c: [{ t: 'text', v: 'ok' }] },
    ]);
    expect(parseInline('[x](javascript:alert(1))')).toEqual([{ t: 'text', v: '[x](javascript:alert(1))' }]);
    expect(parseInline('[x](dtmd://dingtalkclient/sendMessage)')).toEqual([
      { t: 'text', v: '[x](dtmd://dingtalkclient/sendMessage)' },
    ]);
  });

  it('marks mentions, emphasis and escapes', () => {
    expect(parseInline('hi @u1, *soft* \\*literal\\*', { mentions: ['u1'] })).toEqual([
      { t: 'text', v: 'hi ' },
      { t: 'mention', v: '@u1' },
      { t: 'text', v: ', ' },
      { t: 'em', c: [{ t: 'text', v: 'soft' }] },
      { t: 'text', v: ' *literal*' },
    ]);
  });
});
