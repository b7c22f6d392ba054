// DingTalk reply markdown → a plain data tree the browser turns into DOM nodes; raw text never becomes HTML.
// The syntax is read as the terminal reads it (../markdown-syntax.ts).
import {
  BULLET,
  closesFence,
  FENCE_OPEN,
  HEADING,
  hideEscapes,
  NUMBERED,
  QUOTE,
  restoreEscapes,
  RULE,
  splitCodeSpans,
} from '../markdown-syntax.ts';

/**
 * Inline pieces. `text` is shown with textContent, so nothing in a reply can become markup or script; links
 * keep only http(s) targets (anything else — javascript:, data:, dtmd: — stays visible text).
 */
export type Inline =
  | { readonly t: 'text'; readonly v: string }
  | { readonly t: 'code'; readonly v: string }
  | { readonly t: 'strong'; readonly c: readonly Inline[] }
  | { readonly t: 'em'; readonly c: readonly Inline[] }
  | { readonly t: 'link'; readonly href: string; readonly c: readonly Inline[] }
  | { readonly t: 'mention'; readonly v: string };

export type Block =
  | { readonly t: 'h'; readonly level: number; readonly c: readonly Inline[] }
  /** One paragraph; each source line is its own visual line (DingTalk's phone client keeps line breaks). */
  | { readonly t: 'p'; readonly lines: readonly (readonly Inline[])[] }
  | { readonly t: 'quote'; readonly lines: readonly (readonly Inline[])[] }
  | { readonly t: 'ul'; readonly items: readonly (readonly Inline[])[] }
  | { readonly t: 'ol'; readonly start: number; readonly items: readonly (readonly Inline[])[] }
  | { readonly t: 'code'; readonly v: string }
  | { readonly t: 'hr' };

export interface BlockOptions {
  /** Staff ids the reply mentions: their `@id` is shown as a mention. */
  readonly mentions?: readonly string[];
}

/** Block structure: headings, quotes, lists, rules, fenced code (kept byte for byte) and paragraphs. */
export function parseMarkdownBlocks(markdown: string, options: BlockOptions = {}): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let open: { kind: 'p' | 'quote' | 'ul' | 'ol'; rows: Inline[][]; start: number } | undefined;
  const flush = (): void => {
    if (!open) return;
    if (open.kind === 'p') blocks.push({ t: 'p', lines: open.rows });
    else if (open.kind === 'quote') blocks.push({ t: 'quote', lines: open.rows });
    else if (open.kind === 'ul') blocks.push({ t: 'ul', items: open.rows });
    else blocks.push({ t: 'ol', start: open.start, items: open.rows });
    open = undefined;
  };
  const add = (kind: 'p' | 'quote' | 'ul' | 'ol', row: Inline[], start = 1): void => {
    if (open?.kind !== kind) {
      flush();
      open = { kind, rows: [], start };
    }
    open.rows.push(row);
  };
  for (let i = 0; i < lines.length; i += 1) {
    const line = (lines[i] ?? '').replace(/\s+$/, '');
    const fence = FENCE_OPEN.exec(line);
    if (fence?.[1] !== undefined) {
      flush();
      const marker = fence[1];
      const code: string[] = [];
      for (i += 1; i < lines.length; i += 1) {
        if (closesFence(lines[i] ?? '', marker)) break;
        code.push(lines[i] ?? '');
      }
      blocks.push({ t: 'code', v: code.join('\n') });
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading?.[1] !== undefined && heading[2] !== undefined) {
      flush();
      blocks.push({ t: 'h', level: heading[1].length, c: parseInline(heading[2], options) });
      continue;
    }
    if (RULE.test(line)) {
      flush();
      blocks.push({ t: 'hr' });
      continue;
    }
    const quote = QUOTE.exec(line);
    if (quote?.[1] !== undefined) {
      add('quote', parseInline(quote[1], options));
      continue;
    }
    const bullet = BULLET.exec(line);
    if (bullet?.[2] !== undefined) {
      add('ul', parseInline(bullet[2], options));
      continue;
    }
    const numbered = NUMBERED.exec(line);
    if (numbered?.[1] !== undefined && numbered[2] !== undefined) {
      add('ol', parseInline(numbered[2], options), Number(numbered[1]));
      continue;
    }
    add('p', parseInline(line.trim(), options));
  }
  flush();
  return blocks;
}

/** Code spans first (taken verbatim), then links, emphasis and mentions in the text between them. */
export function parseInline(text: string, options: BlockOptions = {}): Inline[] {
  const out = splitCodeSpans(text).flatMap((part): Inline[] =>
    part.code ? [{ t: 'code', v: part.v }] : parseHidden(hideEscapes(part.v), options),
  );
  return mergeText(out);
}

const INLINE =
  /!?\[([^\]]+)\]\(([^)\s]+)\)|\*\*(?=\S)([\s\S]*?\S)\*\*|(?<![*\w])\*(?=[^\s*])([^*]*?[^\s*])\*(?!\*)|(?<!\w)__(?=\S)([\s\S]*?\S)__(?!\w)/;

function parseHidden(text: string, options: BlockOptions): Inline[] {
  const out: Inline[] = [];
  let rest = text;
  for (;;) {
    const m = INLINE.exec(rest);
    if (!m) break;
    out.push(...splitMentions(restoreEscapes(rest.slice(0, m.index)), options));
    const [whole, label, href, strong, em, strong2] = m;
    if (label !== undefined && href !== undefined) {
      const target = restoreEscapes(href);
      out.push(
        isSafeHref(target)
          ? { t: 'link', href: target, c: parseHidden(label, options) }
          : { t: 'text', v: restoreEscapes(whole) },
      );
    } else if (strong !== undefined || strong2 !== undefined) {
      out.push({ t: 'strong', c: parseHidden(strong ?? strong2 ?? '', options) });
    } else if (em !== undefined) {
      out.push({ t: 'em', c: parseHidden(em, options) });
    }
    rest = rest.slice(m.index + whole.length);
  }
  out.push(...splitMentions(restoreEscapes(rest), options));
  return out;
}

function splitMentions(text: string, options: BlockOptions): Inline[] {
  if (text === '') return [];
  const ids = (options.mentions ?? []).filter((id) => id !== '');
  if (ids.length === 0) return [{ t: 'text', v: text }];
  const out: Inline[] = [];
  let rest = text;
  for (;;) {
    let best: { at: number; id: string } | undefined;
    for (const id of ids) {
      const at = rest.indexOf(`@${id}`);
      if (at >= 0 && (best === undefined || at < best.at)) best = { at, id };
    }
    if (!best) break;
    if (best.at > 0) out.push({ t: 'text', v: rest.slice(0, best.at) });
    out.push({ t: 'mention', v: `@${best.id}` });
    rest = rest.slice(best.at + best.id.length + 1);
  }
  if (rest !== '') out.push({ t: 'text', v: rest });
  return out;
}

function isSafeHref(href: string): boolean {
  try {
    const url = new URL(href);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function mergeText(items: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const item of items) {
    const last = out[out.length - 1];
    if (item.t === 'text' && last?.t === 'text') out[out.length - 1] = { t: 'text', v: last.v + item.v };
    else out.push(item);
  }
  return out;
}
