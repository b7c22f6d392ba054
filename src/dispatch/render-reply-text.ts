// Builds the platform-neutral markdown reply: a bold first line, then preformatted blocks; short enough for a phone.
import type { ActionOutcome } from '../actions/types.ts';
import type { UserMessage } from '../errors.ts';
import type { OutboundReply } from '../platforms/types.ts';

export type Translate = (msg: UserMessage) => string;

/** A code fence longer than any run of backticks inside, so log text can never close it early. */
function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
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
    parts.push(fence(b.text));
  }
  return {
    title: `${icon} ${firstLine(t(outcome.summary))}`,
    markdown: parts.join('\n\n'),
    mentionUserIds: mentionUserId ? [mentionUserId] : [],
  };
}
