// One reply as the terminal shows it: a header (who is mentioned, when, follow-up of what), then the body.
import { dropMentionLine } from '../drop-mention-line.ts';
import type { RecordedMessage } from '../dingtalk/index.ts';
import { renderMarkdown } from './render-markdown.ts';
import { sanitizeForTerminal } from './sanitize.ts';
import type { TerminalStyle } from './style.ts';

export interface ReplyBlockInput {
  readonly message: RecordedMessage;
  /** What the user typed that this reply answers. */
  readonly inReplyTo: string;
  /** 0 for the first reply to a message, 1+ for follow-ups (rollout finished, timed out…). */
  readonly index: number;
}

export interface ReplyBlockOptions {
  /** Show the header line (chat does; `say` prints the body alone, for scripts). */
  readonly header?: boolean;
  readonly indent?: string;
}

/** Lines of a reply block, without a trailing newline. */
export function renderReplyBlock(
  input: ReplyBlockInput,
  style: TerminalStyle,
  options: ReplyBlockOptions = {},
): string[] {
  const { message } = input;
  const indent = options.indent ?? '  ';
  const lines: string[] = [];
  if (options.header !== false) lines.push(renderHeader(input, style));
  const body = renderBody(message, style).map((l) => (l === '' ? '' : indent + l));
  lines.push(...body);
  if (message.unrenderedMentions.length > 0) {
    // DingTalk notifies only users whose @id appears in the text; a reply that forgets it is a bug worth seeing.
    lines.push(
      indent +
        style.bad(`(not notified, @id missing from the text: ${message.unrenderedMentions.join(', ')})`),
    );
  }
  return lines;
}

function renderHeader(input: ReplyBlockInput, style: TerminalStyle): string {
  const time = new Date(input.message.receivedAt).toTimeString().slice(0, 8);
  const to = input.message.atUserIds.map((id) => style.mention(`@${id}`)).join(' ');
  const followUp =
    input.index > 0
      ? style.dim(` · follow-up ${input.index} to "${sanitizeForTerminal(input.inReplyTo)}"`)
      : '';
  return `${style.bold('kubetalk')}${to === '' ? '' : ` → ${to}`} ${style.dim(`· ${time}`)}${followUp}`;
}

/** The message text per msgtype; the trailing mention line is dropped because the header shows it. */
function renderBody(message: RecordedMessage, style: TerminalStyle): string[] {
  const mentions = message.atUserIds;
  const text = dropMentionLine(message.text, mentions);
  switch (message.msgtype) {
    case 'markdown':
      return renderMarkdown(text, style, { mentions });
    case 'text':
      return sanitizeForTerminal(text).split('\n');
    default: {
      // actionCard, link, feedCard: kubetalk does not send them today; show their text and title plainly.
      const part = message.body[message.msgtype];
      const title =
        typeof part === 'object' && part !== null && 'title' in part && typeof part.title === 'string'
          ? part.title
          : message.msgtype;
      return [style.bold(sanitizeForTerminal(title)), ...renderMarkdown(text, style, { mentions })];
    }
  }
}
