// A reply as chat shows it: header with mentions and follow-up, body without the trailing mention line.
import { describe, expect, it } from 'vitest';
import type { RecordedMessage } from '../../../src/simulator/dingtalk/index.ts';
import { renderReplyBlock } from '../../../src/simulator/terminal/render-reply-block.ts';
import { PLAIN_STYLE } from '../../../src/simulator/terminal/style.ts';

function message(text: string, atUserIds: string[] = ['alice01'], msgtype = 'markdown'): RecordedMessage {
  return {
    session: 's1',
    body: { msgtype, [msgtype]: { title: 'A title', text, content: text } },
    msgtype,
    text,
    atUserIds,
    unrenderedMentions: atUserIds.filter((id) => !text.includes(`@${id}`)),
    bytes: text.length,
    receivedAt: new Date(2026, 2, 1, 12, 34, 56).getTime(),
  };
}

describe('renderReplyBlock', () => {
  it('shows who is mentioned and when, then the body indented, without the trailing mention line', () => {
    const lines = renderReplyBlock(
      { message: message('✅ **scaled: 2 → 3**\n\n@alice01'), inReplyTo: 'scale web 3', index: 0 },
      PLAIN_STYLE,
    );
    expect(lines).toEqual(['kubetalk → @alice01 · 12:34:56', '  ✅ *scaled: 2 → 3*']);
  });

  it('labels follow-ups with what they follow', () => {
    const [header] = renderReplyBlock(
      {
        message: message('Update on **deployment/web**\n\n✅ **done**\n\n@alice01'),
        inReplyTo: 'restart web',
        index: 1,
      },
      PLAIN_STYLE,
    );
    expect(header).toBe('kubetalk → @alice01 · 12:34:56 · follow-up 1 to "restart web"');
  });

  it('flags a mention DingTalk would not notify (no @id in the text)', () => {
    const lines = renderReplyBlock({ message: message('hello'), inReplyTo: 'x', index: 0 }, PLAIN_STYLE);
    expect(lines.at(-1)).toBe('  (not notified, @id missing from the text: alice01)');
  });

  it('prints the body alone for say', () => {
    const lines = renderReplyBlock(
      { message: message('❌ **failed**\n\n@alice01'), inReplyTo: 'x', index: 0 },
      PLAIN_STYLE,
      { header: false, indent: '' },
    );
    expect(lines).toEqual(['❌ *failed*']);
  });

  it('shows text messages as they are, and other types with their title', () => {
    expect(
      renderReplyBlock(
        { message: message('plain **text**', [], 'text'), inReplyTo: 'x', index: 0 },
        PLAIN_STYLE,
        {
          header: false,
        },
      ),
    ).toEqual(['  plain **text**']);
    expect(
      renderReplyBlock(
        { message: message('card body', [], 'actionCard'), inReplyTo: 'x', index: 0 },
        PLAIN_STYLE,
        {
          header: false,
        },
      ),
    ).toEqual(['  A title', '  card body']);
  });
});
