// Cutting markdown to a byte budget without breaking characters, emoji or code fences.
import { segmentGraphemes } from '../../lib/graphemes.ts';

// A line that opens a fenced code block: up to three spaces, then three or more backticks (CommonMark).
const FENCE_OPEN = /^ {0,3}(`{3,})/;

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
  // Room for closing the longest fence the text opens ("\n" plus its backticks), whichever one the cut lands in.
  const budget = maxJsonBytes - 1 - longestFence(markdown);
  if (budget <= 0) return '';
  let used = 0;
  let end = 0;
  for (const { segment, index } of segmentGraphemes(markdown)) {
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
  const open = openFenceAtEnd(prefix);
  // Close exactly the fence that was opened: a shorter run of backticks would not close it, and the note and the
  // @mention after it would render as code.
  return open === undefined ? prefix : `${prefix}\n${open}`;
}

/** Whether the text ends inside a fenced code block. */
export function isInsideFence(text: string): boolean {
  return openFenceAtEnd(text) !== undefined;
}

/**
 * The backtick run of the fence still open at the end of the text, or undefined. A fence closes only on a line of
 * at least as many backticks and nothing else, as CommonMark has it.
 */
export function openFenceAtEnd(text: string): string | undefined {
  let open: string | undefined;
  for (const line of text.split('\n')) {
    if (open === undefined) {
      open = FENCE_OPEN.exec(line)?.[1];
    } else {
      const trimmed = line.trim();
      if (/^`+$/.test(trimmed) && trimmed.length >= open.length && /^ {0,3}`/.test(line)) open = undefined;
    }
  }
  return open;
}

function longestFence(markdown: string): number {
  let longest = 0;
  for (const m of markdown.matchAll(/^ {0,3}(`{3,})/gm)) longest = Math.max(longest, m[1]?.length ?? 0);
  return longest;
}
