// Builds the platform-neutral markdown reply: a bold first line, then preformatted blocks; short enough for a phone.
import type { ActionOutcome } from '../actions/types.ts';
import type { UserMessage } from '../errors.ts';
import { neutralizeBlock } from '../i18n/neutralize-markdown.ts';
import type { OutboundReply } from './ports/chat.ts';

export type Translate = (msg: UserMessage) => string;

/** A code fence longer than any run of backticks inside, so log text can never close it early. */
function fence(text: string): string {
  // A loop, not Math.max(...runs): a log with ~10^5 backtick runs would overflow the argument list.
  let longest = 2;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const f = '`'.repeat(longest + 1);
  return `${f}\n${text.replace(/\n+$/, '')}\n${f}`;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.replace(/[*_`#>]/g, '').slice(0, 60);
}

export function renderTextReply(text: string, mentionUserId: string): OutboundReply {
  return {
    title: firstLine(text) || 'kubetalk',
    markdown: text,
    mentionUserIds: mentionUserId ? [mentionUserId] : [],
  };
}

export function renderOutcome(
  outcome: ActionOutcome,
  t: Translate,
  mentionUserId: string,
  heading?: string,
): OutboundReply {
  const icon = t({ key: outcome.ok ? 'dispatch.result.ok' : 'dispatch.result.failed' });
  const parts = [...(heading ? [heading] : []), `${icon} **${t(outcome.summary)}**`];
  for (const b of outcome.blocks ?? []) {
    if (b.heading) parts.push(t(b.heading));
    // Log lines, history and events are cluster text that anyone who can write a log line controls.
    parts.push(fence(neutralizeBlock(b.text)));
  }
  return {
    title: `${icon} ${firstLine(t(outcome.summary))}`,
    markdown: parts.join('\n\n'),
    mentionUserIds: mentionUserId ? [mentionUserId] : [],
  };
}
