// DingTalk reply markdown → terminal lines: headings, bold, code spans and fenced blocks stay recognisable.
import {
  BULLET,
  closesFence,
  FENCE_OPEN,
  HEADING,
  hideEscapes,
  QUOTE,
  restoreEscapes,
  RULE,
  splitCodeSpans,
} from '../markdown-syntax.ts';
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
  let fence: string | undefined;
  const push = (line: string): void => {
    // One blank line between blocks is enough in a terminal.
    if (line === '' && (out.length === 0 || out[out.length - 1] === '')) return;
    out.push(line);
  };
  for (const raw of sanitizeForTerminal(markdown).split('\n')) {
    if (fence) {
      if (closesFence(raw, fence)) {
        fence = undefined;
        continue;
      }
      const code = raw.replace(/\t/g, '    ').replace(/\s+$/, '');
      out.push(code === '' ? style.dim(GUTTER.trimEnd()) : style.dim(GUTTER) + style.codeBlock(code));
      continue;
    }
    const open = FENCE_OPEN.exec(raw);
    if (open?.[1] !== undefined) {
      fence = open[1];
      continue;
    }
    push(renderBlockLine(raw.replace(/\s+$/, ''), style, options));
    if (!style.color) {
      const heading = HEADING.exec(raw);
      if (heading?.[2] !== undefined) {
        out.push('─'.repeat(Math.max(3, displayWidth(renderInline(heading[2], style, options)))));
      }
    }
  }
  while (out[out.length - 1] === '') out.pop();
  return out;
}

function renderBlockLine(line: string, style: TerminalStyle, options: MarkdownRenderOptions): string {
  if (line.trim() === '') return '';
  const heading = HEADING.exec(line);
  if (heading?.[2] !== undefined) return style.heading(renderInline(heading[2], style, options));
  if (RULE.test(line)) return style.dim('─'.repeat(RULE_WIDTH));
  const quote = QUOTE.exec(line);
  if (quote?.[1] !== undefined) return style.dim(GUTTER) + renderInline(quote[1], style, options);
  const bullet = BULLET.exec(line);
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
  return splitCodeSpans(text)
    .map((part) => (part.code ? style.code(part.v) : renderSpan(part.v, style, options)))
    .join('');
}

function renderSpan(text: string, style: TerminalStyle, options: MarkdownRenderOptions): string {
  let s = hideEscapes(text);
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
  return restoreEscapes(s);
}
