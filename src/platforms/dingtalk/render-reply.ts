// An OutboundReply as a DingTalk markdown message body (§2.2), mentions included, within the 20,000-byte limit.
import type { OutboundReply } from '../../dispatch/ports/chat.ts';
import { segmentGraphemes } from '../../lib/graphemes.ts';
import { cutMarkdown, jsonStringBytes } from './truncate-markdown.ts';

/** DingTalk answers errcode 460101 above this many bytes of request body. */
export const MAX_DINGTALK_BODY_BYTES = 20_000;
/** Appended where a reply was cut, in both languages because the reader's locale is not known here. */
export const TRUNCATION_NOTE = '\n\n…(truncated, 已截断)';
/** Titles show in notifications and the chat list; long ones are cut there anyway. */
export const MAX_TITLE_CHARS = 64;
const FALLBACK_TITLE = 'kubetalk';

export interface DingTalkMarkdownMessage {
  readonly msgtype: 'markdown';
  readonly markdown: { readonly title: string; readonly text: string };
  readonly at: { readonly atUserIds: readonly string[]; readonly isAtAll: false };
}

export interface RenderOptions {
  /** Limit for the whole JSON body in UTF-8 bytes; the reply client lowers it after a 460101. */
  readonly maxBodyBytes?: number;
}

/**
 * Renders a reply. Mentions go on their own line at the end (DingTalk only notifies a user whose `@id`
 * appears in the text, and a leading mention would break a heading on the first line). When the body is too
 * large, the markdown is cut and a visible note added; mentions and title always survive the cut.
 * Throws a RangeError if even an empty reply cannot fit, which only absurd mention lists can cause.
 */
export function renderReply(reply: OutboundReply, options: RenderOptions = {}): DingTalkMarkdownMessage {
  const maxBytes = options.maxBodyBytes ?? MAX_DINGTALK_BODY_BYTES;
  const title = tidyTitle(reply.title);
  const atUserIds = [...new Set(reply.mentionUserIds.map((id) => id.trim()).filter((id) => id !== ''))];
  const mentionLine = atUserIds.map((id) => `@${id}`).join(' ');
  const markdown = reply.markdown.replace(/\r\n?/g, '\n').trimEnd();
  const build = (body: string): DingTalkMarkdownMessage => ({
    msgtype: 'markdown',
    markdown: { title, text: joinParagraphs(body === '' && mentionLine === '' ? title : body, mentionLine) },
    at: { atUserIds, isAtAll: false },
  });

  const full = build(markdown);
  if (measureBodyBytes(full) <= maxBytes) return full;

  const overhead =
    measureBodyBytes(build(TRUNCATION_NOTE.trimStart())) - jsonStringBytes(TRUNCATION_NOTE.trimStart());
  const budget = maxBytes - overhead - jsonStringBytes(TRUNCATION_NOTE);
  const cut = build(cutMarkdown(markdown, budget) + TRUNCATION_NOTE);
  if (measureBodyBytes(cut) > maxBytes) throw new RangeError(`reply cannot fit in ${maxBytes} bytes`);
  return cut;
}

/** Size of the request body DingTalk measures: the UTF-8 bytes of the JSON text. */
export function measureBodyBytes(body: unknown): number {
  return Buffer.byteLength(JSON.stringify(body), 'utf8');
}

function joinParagraphs(body: string, mentionLine: string): string {
  if (mentionLine === '') return body;
  return body === '' ? mentionLine : `${body}\n\n${mentionLine}`;
}

function tidyTitle(title: string): string {
  const oneLine = title.replace(/\s+/g, ' ').trim();
  if (oneLine === '') return FALLBACK_TITLE;
  // A string has no more graphemes than UTF-16 units: a short title needs no segmenting (the common case).
  if (oneLine.length <= MAX_TITLE_CHARS) return oneLine;
  const chars = [...segmentGraphemes(oneLine)].map((s) => s.segment);
  if (chars.length === 0) return FALLBACK_TITLE;
  return chars.length <= MAX_TITLE_CHARS ? oneLine : chars.slice(0, MAX_TITLE_CHARS - 1).join('') + '…';
}
