// The terminal renderer: reply markdown becomes readable text, with emphasis and code blocks still visible.
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../../src/simulator/terminal/display-width.ts';
import { renderInline, renderMarkdown } from '../../../src/simulator/terminal/render-markdown.ts';
import { sanitizeForTerminal } from '../../../src/simulator/terminal/sanitize.ts';
import { chooseStyle, COLOR_STYLE, PLAIN_STYLE } from '../../../src/simulator/terminal/style.ts';

const plain = (md: string, mentions: string[] = []): string =>
  renderMarkdown(md, PLAIN_STYLE, { mentions }).join('\n');

describe('renderMarkdown (plain text)', () => {
  it('keeps bold visible as *…* and drops the other markers', () => {
    expect(plain('✅ **scaled deployment/web in shop: 2 → 5**')).toBe(
      '✅ *scaled deployment/web in shop: 2 → 5*',
    );
    expect(plain('an *italic* word and __bold__ too')).toBe('an italic word and *bold* too');
  });

  it('underlines headings to their display width, CJK counting double', () => {
    expect(plain('### Commands you can run here')).toBe('Commands you can run here\n' + '─'.repeat(25));
    expect(plain('### 你在这里可以执行的命令')).toBe('你在这里可以执行的命令\n' + '─'.repeat(22));
  });

  it('shows fenced code behind a gutter, verbatim, whatever fence length and markdown inside', () => {
    const md = '✅ **logs**\n\n````\nline **1**\nline with ``` fence\n\tindented\n````\n\nafter';
    expect(plain(md)).toBe(
      ['✅ *logs*', '', '│ line **1**', '│ line with ``` fence', '│     indented', '', 'after'].join('\n'),
    );
  });

  it('renders lists, quotes, rules, links, inline code and escapes', () => {
    const md = [
      '- name: `alice01`',
      '  - nested',
      '> quoted',
      '---',
      'see [the docs](https://example.com/x) and \\*not italic\\*',
    ].join('\n');
    expect(plain(md)).toBe(
      [
        '• name: `alice01`',
        '  • nested',
        '│ quoted',
        '─'.repeat(24),
        'see the docs <https://example.com/x> and *not italic*',
      ].join('\n'),
    );
  });

  it('collapses blank lines and trims trailing ones', () => {
    expect(plain('a\n\n\n\nb\n\n')).toBe('a\n\nb');
  });

  it('does not treat snake_case or a lone star as emphasis', () => {
    expect(plain('kubetalk_runner_role has 5 * 3 pods')).toBe('kubetalk_runner_role has 5 * 3 pods');
  });
});

describe('renderMarkdown (colour)', () => {
  it('uses ANSI bold, cyan code and magenta mentions', () => {
    const [line] = renderMarkdown('**done** `x` @alice01', COLOR_STYLE, { mentions: ['alice01'] });
    expect(line).toBe('\u001b[1mdone\u001b[22m \u001b[36mx\u001b[39m \u001b[35m@alice01\u001b[39m');
  });

  it('chooses colour for a terminal, and honours NO_COLOR and FORCE_COLOR', () => {
    expect(chooseStyle(true, {}).color).toBe(true);
    expect(chooseStyle(false, {}).color).toBe(false);
    expect(chooseStyle(true, { NO_COLOR: '1' }).color).toBe(false);
    expect(chooseStyle(false, { FORCE_COLOR: '1' }).color).toBe(true);
  });
});

describe('terminal safety', () => {
  it('turns control characters from pod logs into visible symbols, inside code blocks too', () => {
    const md = '```\nred \u001b[31mtext\u001b[0m bell\u0007 back\bspace\r\n```';
    const out = plain(md);
    // eslint-disable-next-line no-control-regex -- asserting that no control character is left
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(out).toContain('red ␛[31mtext␛[0m bell␇ back␈space');
    expect(sanitizeForTerminal('a\u009bb\u007fc\td')).toBe('a\\x9bb␡c\td');
  });
});

describe('helpers', () => {
  it('measures display width', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('扩容 web')).toBe(8);
    expect(displayWidth('✅ ok')).toBe(5);
    expect(displayWidth('\u001b[1mbold\u001b[22m')).toBe(4);
  });

  it('takes code spans verbatim, with CommonMark spacing', () => {
    expect(renderInline('`` `tick` `` and `**no**`', PLAIN_STYLE)).toBe('``tick`` and `**no**`');
  });
});
