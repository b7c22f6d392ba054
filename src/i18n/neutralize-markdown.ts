// Makes text from tenants, chat users and the cluster inert in a markdown reply: no links, images, mentions or markup.
//
// DingTalk renders a markdown subset (headings, quotes, emphasis, lists, links, images, @mentions, some HTML) and
// may autolink bare URLs; it documents no code blocks, so a fence is no shelter. Look-alike characters keep the
// text readable on a phone while nothing in it can be interpreted.

const INLINE: Readonly<Record<string, string>> = {
  '[': '［',
  ']': '］',
  '<': '‹',
  '>': '›',
  '`': 'ˋ',
  '@': '＠',
  '*': '∗',
  _: 'ˍ',
  '~': '∼',
  '#': '＃',
  '|': '│',
  '\\': '⧵',
};
const INLINE_CHARS = /[[\]<>`@*_~#|\\]/g;
/** A scheme separator: "https://x" would be autolinked; "dtmd://" would send a message in the reader's name. */
const SCHEME = /:\/\//g;
/** Line-start list markers (`- `, `+ `, `1. `), which the inline pass leaves alone. */
const LIST_MARKER = /^(\s*)(?:([-+])(?=\s)|(\d{1,9})\.(?=\s))/gm;

/** For single-line text (names, descriptions, what a user typed): every inline construct made inert. */
export function neutralizeMarkdown(value: string): string {
  return value.replace(INLINE_CHARS, (c) => INLINE[c] ?? c).replace(SCHEME, '∶//');
}

/** For multi-line text shown as a block (logs, history, events): inline constructs and line-start lists. */
export function neutralizeBlock(text: string): string {
  return neutralizeMarkdown(text).replace(
    LIST_MARKER,
    (_m, indent: string, bullet: string | undefined, digits: string | undefined) =>
      bullet !== undefined ? `${indent}${bullet === '-' ? '‐' : '＋'}` : `${indent}${digits ?? ''}．`,
  );
}

/** For ids shown inside inline code so they can be copied exactly: only a way out of the code span is closed. */
export function neutralizeCodeSpan(value: string): string {
  return value.replace(/`/g, 'ˋ');
}

const URL_ACTIVE = /[[\]()<>`@*_~|\\\s'"]/g;

/**
 * For a link kubetalk means to show (a webhook response's Location, on a host the operator allowed): an http(s) URL
 * stays a URL, with every character that could end it early or start markup percent-encoded. Anything else is text.
 */
export function neutralizeUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return neutralizeMarkdown(value);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return neutralizeMarkdown(value);
  return url.href.replace(
    URL_ACTIVE,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}
