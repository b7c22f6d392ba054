// What the user typed, recovered from the msgtype-specific part of a DingTalk callback.

/** One piece of a richText message; text pieces carry `text`, pictures carry download codes. */
export interface RichTextSegment {
  readonly text?: string;
  readonly type?: string;
  readonly downloadCode?: string;
  readonly pictureDownloadCode?: string;
}

// A segment that is nothing but an @mention, e.g. "@小白" (richText keeps mentions as their own segments).
const MENTION_SEGMENT = /^@\S+$/u;

/**
 * Joins the text segments of a richText message. DingTalk keeps @mentions as separate segments (unlike
 * msgtype text, where it strips them), so leading mention segments — the bot and anyone mentioned before
 * the command — are dropped. Later mentions are kept as words, spaced so they do not glue onto neighbours.
 * Picture segments carry no text and are skipped.
 */
export function joinRichText(segments: readonly RichTextSegment[]): string {
  const texts = segments.flatMap((s) => (typeof s.text === 'string' ? [s.text] : []));
  let start = 0;
  while (start < texts.length && MENTION_SEGMENT.test((texts[start] ?? '').trim())) start += 1;
  return texts
    .slice(start)
    .map((t) => (MENTION_SEGMENT.test(t.trim()) ? ` ${t.trim()} ` : t))
    .join('')
    .trim();
}

/** DingTalk already removed @mentions from text.content but left their surrounding whitespace. */
export function normaliseTextContent(content: string): string {
  return content.trim();
}
