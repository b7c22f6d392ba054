// A reply as the browser chat's page receives it: markdown parsed into blocks, the trailing mention line dropped.
import type { ChatReply } from '../chat-client.ts';
import { parseMarkdownBlocks, type Block } from './markdown-blocks.ts';
import type { WebChatEvent } from './web-chat-types.ts';

/** A reply as data: markdown parsed into blocks (text stays text), the mention line dropped as in the terminal. */
export function toReplyEvent(reply: ChatReply): WebChatEvent {
  const { message } = reply;
  const mentions = message.atUserIds;
  const text = message.msgtype === 'text' ? message.text : dropMentionLine(message.text, mentions);
  const blocks: Block[] =
    message.msgtype === 'text'
      ? [{ t: 'p', lines: text.split('\n').map((v) => (v === '' ? [] : [{ t: 'text', v }])) }]
      : parseMarkdownBlocks(text, { mentions });
  const part = message.body[message.msgtype];
  const title =
    message.msgtype !== 'text' &&
    message.msgtype !== 'markdown' &&
    typeof part === 'object' &&
    part !== null &&
    'title' in part &&
    typeof part.title === 'string'
      ? part.title
      : '';
  return {
    kind: 'reply',
    inReplyTo: reply.inReplyTo,
    index: reply.index,
    time: clock(message.receivedAt),
    title,
    blocks,
    notNotified: message.unrenderedMentions,
  };
}

function dropMentionLine(text: string, mentions: readonly string[]): string {
  if (mentions.length === 0) return text;
  const lines = text.replace(/\s+$/, '').split('\n');
  const last = lines[lines.length - 1]?.trim() ?? '';
  const onlyMentions = last !== '' && last.split(/\s+/).every((w) => mentions.some((id) => w === `@${id}`));
  return onlyMentions ? lines.slice(0, -1).join('\n') : text;
}

export function clock(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 8);
}
