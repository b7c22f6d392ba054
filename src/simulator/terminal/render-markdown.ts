// DingTalk reply markdown → terminal lines: headings, bold, code spans and fenced blocks stay recognisable.
import { displayWidth } from './display-width.ts';
import { sanitizeForTerminal } from './sanitize.ts';
import type { TerminalStyle } from './style.ts';

export interface MarkdownRenderOptions {
  /** Staff ids mentioned by the reply; their `@id` is highlighted. */
  readonly mentions?: readonly string[];
}

const GUTTER = '│ ';
const RULE_WIDTH = 24;

/**
 * Renders the markdown subset DingTalk displays. Code blocks keep their text byte for byte behind a gutter
 * (logs must not be reformatted); everything is sanitised first so control characters cannot reach the terminal.
 */
export function renderMarkdown(
  markdown: string,
  style: TerminalStyle,
  options: MarkdownRenderOptions = {},
): string[] {
  const out: string[] = [];
  let fence: { readonly char: string; readonly length: number } | undefined;
  const push = (line: string): void => {
    // One blank line between blocks is enough in a terminal.
    if (line === '' && (out.length === 0 || out[out.length - 1] === '')) return;
    out.push(line);
  };
  for (const raw of sanitizeForTerminal(markdown).split('\n')) {
    if (fence) {
      const close = /^\s{0,3}(`{3,}|~{3,})\s*$/.exec(raw);
      if (close?.[1] !== undefined && close[1][0] === fence.char && close[1].length >= fence.length) {
        fence = undefined;
        continue;
      }
      const code = raw.replace(/\t/g, '    ').replace(/\s+$/, '');
      out.push(code === '' ? style.dim(GUTTER.trimEnd()) : style.dim(GUTTER) + style.codeBlock(code));
      continue;
    }
    const open = /^\s{0,3}(`{3,}|~{3,})[^`]*$/.exec(raw);
    if (open?.[1] !== undefined) {
      fence = { char: open[1][0] ?? '`', length: open[1].length };
      continue;
    }
    push(renderBlockLine(raw.replace(/\s+$/, ''), style, options));
    if (!style.color) {
      const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*$/.exec(raw);
      if (heading?.[1] !== undefined) {
        out.push('─'.repeat(Math.max(3, displayWidth(renderInline(heading[1], style, options)))));
      }
    }
  }
  while (out[out.length - 1] === '') out.pop();
  return out;
}

function renderBlockLine(line: string, style: TerminalStyle, options: MarkdownRenderOptions): string {
  if (line.trim() === '') return '';
  const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*$/.exec(line);
  if (heading?.[1] !== undefined) return style.heading(renderInline(heading[1], style, options));
  if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) return style.dim('─'.repeat(RULE_WIDTH));
  const quote = /^\s{0,3}>\s?(.*)$/.exec(line);
  if (quote?.[1] !== undefined) return style.dim(GUTTER) + renderInline(quote[1], style, options);
  const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(line);
  if (bullet?.[1] !== undefined && bullet[2] !== undefined) {
    return `${bullet[1]}• ${renderInline(bullet[2], style, options)}`;
  }
  return renderInline(line, style, options);
}

/** Inline markdown: code spans are taken verbatim; the text between them gets links, emphasis and mentions. */
export function renderInline(
  text: string,
  style: TerminalStyle,
  options: MarkdownRenderOptions = {},
): string {
  let out = '';
  let rest = text;
  for (;;) {
    const open = /`+/.exec(rest);
    if (!open) break;
    const ticks = open[0];
    const after = rest.slice(open.index + ticks.length);
    const close = new RegExp(`(?<!\`)${ticks}(?!\`)`).exec(after);
    if (!close) break;
    out += renderSpan(rest.slice(0, open.index), style, options);
    const code = after.slice(0, close.index);
    // CommonMark strips one space on each side so that `` `x` `` can show backticks.
    out += style.code(/^ .* $/.test(code) ? code.slice(1, -1) : code);
    rest = after.slice(close.index + ticks.length);
  }
  return out + renderSpan(rest, style, options);
}

// Private-use characters stand in for escaped punctuation while the emphasis rules run.
const ESCAPABLE = '\\`*_{}[]()#+-.!>~|';
const PLACEHOLDER_BASE = 0xe000;

function renderSpan(text: string, style: TerminalStyle, options: MarkdownRenderOptions): string {
  let s = text.replace(/\\(.)/g, (m, c: string) =>
    ESCAPABLE.includes(c) ? String.fromCharCode(PLACEHOLDER_BASE + ESCAPABLE.indexOf(c)) : m,
  );
  s = s.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, label: string, url: string) =>
    style.color ? `${style.emphasis(label)} ${style.dim(`<${url}>`)}` : `${label} <${url}>`,
  );
  s = s.replace(
    /(^|[^*\w])\*(?=\S)([^*]*?\S)\*(?!\*)/g,
    (_m, pre: string, inner: string) => pre + style.italic(inner),
  );
  s = s.replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, (_m, inner: string) => style.emphasis(inner));
  s = s.replace(
    /(^|[^\w])__(?=\S)([\s\S]*?\S)__(?!\w)/g,
    (_m, pre: string, inner: string) => pre + style.emphasis(inner),
  );
  for (const id of options.mentions ?? []) {
    s = s.split(`@${id}`).join(style.mention(`@${id}`));
  }
  return s.replace(/[\ue000-\ue012]/g, (c) => ESCAPABLE[c.charCodeAt(0) - PLACEHOLDER_BASE] ?? c);
}
