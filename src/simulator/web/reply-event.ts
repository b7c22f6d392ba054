// A reply as the browser chat's page receives it: markdown parsed into blocks, the trailing mention line dropped.
import { dropMentionLine } from '../drop-mention-line.ts';
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

export function clock(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 8);
}
