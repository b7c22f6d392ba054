// The markdown subset DingTalk displays, as both chat renderers read it (terminal/render-markdown.ts and
// web/markdown-blocks.ts): the block patterns, fenced code, code spans and backslash escapes. One reading, two outputs.

/** An opening fence (``` or ~~~, an info string allowed); group 1 is the marker. */
export const FENCE_OPEN = /^\s{0,3}(`{3,}|~{3,})[^`]*$/;
const FENCE_CLOSE = /^\s{0,3}(`{3,}|~{3,})\s*$/;
/** Group 1: the #s; group 2: the heading's text. */
export const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*$/;
export const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
/** Group 1: the quoted text. */
export const QUOTE = /^\s{0,3}>\s?(.*)$/;
/** Group 1: the indentation; group 2: the item's text. */
export const BULLET = /^(\s*)[-*+]\s+(.*)$/;
/** Group 1: the number; group 2: the item's text. */
export const NUMBERED = /^\s*(\d{1,9})[.)]\s+(.*)$/;

/** Whether `line` closes the fence opened with `marker` (same character, at least as long). */
export function closesFence(line: string, marker: string): boolean {
  const close = FENCE_CLOSE.exec(line);
  return close?.[1] !== undefined && close[1][0] === marker[0] && close[1].length >= marker.length;
}

/** Text split at code spans: spans are taken verbatim (the text between them gets the inline rules). */
export function splitCodeSpans(text: string): { readonly code: boolean; readonly v: string }[] {
  const out: { code: boolean; v: string }[] = [];
  let rest = text;
  for (;;) {
    const open = /`+/.exec(rest);
    if (!open) break;
    const ticks = open[0];
    const after = rest.slice(open.index + ticks.length);
    const close = new RegExp(`(?<!\`)${ticks}(?!\`)`).exec(after);
    if (!close) break;
    out.push({ code: false, v: rest.slice(0, open.index) });
    const code = after.slice(0, close.index);
    // CommonMark strips one space on each side so that `` `x` `` can show backticks.
    out.push({ code: true, v: /^ .* $/.test(code) ? code.slice(1, -1) : code });
    rest = after.slice(close.index + ticks.length);
  }
  out.push({ code: false, v: rest });
  return out;
}

// Private-use characters stand in for escaped punctuation while the emphasis rules run.
const ESCAPABLE = '\\`*_{}[]()#+-.!>~|';
const PLACEHOLDER_BASE = 0xe000;

/** Replaces `\*` and the like by placeholders no inline rule matches. */
export function hideEscapes(text: string): string {
  return text.replace(/\\(.)/g, (m, c: string) =>
    ESCAPABLE.includes(c) ? String.fromCharCode(PLACEHOLDER_BASE + ESCAPABLE.indexOf(c)) : m,
  );
}

/** Puts the escaped punctuation back, without its backslash. */
export function restoreEscapes(text: string): string {
  return text.replace(/[\ue000-\ue012]/g, (c) => ESCAPABLE[c.charCodeAt(0) - PLACEHOLDER_BASE] ?? c);
}
