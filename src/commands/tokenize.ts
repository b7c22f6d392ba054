// Splits a chat message into words the way the sender sees them: invisible characters dropped, full-width forms
// folded (NFKC), any Unicode space separating, quotes grouping, phone "smart dashes" repaired.

/**
 * Format characters (zero-width space/joiners U+200B–U+200D, word joiner U+2060, BOM U+FEFF, bidi marks and
 * embeddings U+200E/F, U+202A–U+202E, U+2066–U+2069, U+061C, soft hyphen), lone surrogates, and control
 * characters other than whitespace. None is visible, so none may change what a message means.
 */
const INVISIBLE = /[\p{Cf}\p{Cs}]|(?![\t\n\v\f\r\u0085])\p{Cc}/gu;
/** Unicode White_Space: JavaScript's \s plus NEL (U+0085), which it leaves out. */
const SPACE = /[\s\u0085]/u;

/** Opening quote → closing quote. Only a quote at the start of a word opens a quoted word. */
const QUOTES: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  '\u201c': '\u201d', // “ ”
  '\u2018': '\u2019', // ‘ ’
  '\u300c': '\u300d', // 「 」
  '\u300e': '\u300f', // 『 』
};

/**
 * Phones turn "--" into an em dash, and Chinese input methods turn it into "——"; a word starting with dashes
 * followed by a letter is therefore read as a long flag.
 */
const SMART_DASHES = /^[\u2013\u2014\u2015]{1,2}(?=\p{L})/u;

/** Removes invisible characters and folds compatibility forms (full-width letters, digits, U+3000 space). */
export function normalizeChatText(text: string): string {
  return text.replace(INVISIBLE, '').normalize('NFKC').replace(INVISIBLE, '');
}

/**
 * The words of a message, case kept (error messages quote what was typed). Quoted text is one word, quotes
 * removed; an unclosed quote is an ordinary character. Never throws.
 */
export function tokenize(text: string): string[] {
  const chars = Array.from(normalizeChatText(text));
  const words: string[] = [];
  let word: string | undefined;
  let quoted = false;
  const flush = (): void => {
    if (word !== undefined) words.push(quoted ? word : word.replace(SMART_DASHES, '--'));
    word = undefined;
    quoted = false;
  };
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    if (SPACE.test(ch)) {
      flush();
      continue;
    }
    if (word === undefined) {
      const close = QUOTES[ch];
      const end = close === undefined ? -1 : chars.indexOf(close, i + 1);
      if (end > i) {
        word = chars.slice(i + 1, end).join('');
        quoted = true;
        i = end;
        continue;
      }
      word = '';
    }
    word += ch;
  }
  flush();
  return words;
}

/** Lowercases words for matching triggers and builtins (triggers are stored lowercase). */
export function toMatchKey(words: readonly string[]): string {
  return words.map((w) => w.toLowerCase()).join(' ');
}
