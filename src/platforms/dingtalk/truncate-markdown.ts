// Cutting markdown to a byte budget without breaking characters, emoji or code fences.

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

// Lines that open or close a fenced code block (up to three spaces of indentation are allowed).
const FENCE_LINE = /^ {0,3}```/;
const FENCE_CLOSE = '\n```';

/** Bytes a string occupies inside a JSON string literal (UTF-8, after escaping quotes and control chars). */
export function jsonStringBytes(s: string): number {
  return Buffer.byteLength(JSON.stringify(s), 'utf8') - 2;
}

/**
 * The longest prefix of `markdown` whose JSON-escaped size is at most `maxJsonBytes`, cut between
 * grapheme clusters (so neither surrogate pairs nor emoji sequences are split), preferably at a line end,
 * and with a code fence left open by the cut closed again so the rest of the message does not render as code.
 */
export function cutMarkdown(markdown: string, maxJsonBytes: number): string {
  const budget = maxJsonBytes - jsonStringBytes(FENCE_CLOSE);
  if (budget <= 0) return '';
  let used = 0;
  let end = 0;
  for (const { segment, index } of graphemes.segment(markdown)) {
    const cost = jsonStringBytes(segment);
    if (used + cost > budget) break;
    used += cost;
    end = index + segment.length;
  }
  let prefix = markdown.slice(0, end);
  // A whole line reads better on a phone than half a line, if that costs little of the budget.
  const lastNewline = prefix.lastIndexOf('\n');
  if (lastNewline >= 0 && lastNewline >= prefix.length * 0.8) prefix = prefix.slice(0, lastNewline);
  prefix = prefix.trimEnd();
  return isInsideFence(prefix) ? prefix + FENCE_CLOSE : prefix;
}

/** Whether the text ends inside a fenced code block (an odd number of fence lines). */
export function isInsideFence(text: string): boolean {
  let inside = false;
  for (const line of text.split('\n')) {
    if (FENCE_LINE.test(line)) inside = !inside;
  }
  return inside;
}
