// How emphasis looks in a terminal: ANSI attributes on a colour terminal, visible ASCII markers in plain text.

export interface TerminalStyle {
  readonly color: boolean;
  /** The simulator's own chrome (prompt, headers): ANSI bold, or nothing in plain text. */
  readonly bold: (s: string) => string;
  /** **bold** inside a reply: it carries meaning (the result line), so plain text keeps a marker. */
  readonly emphasis: (s: string) => string;
  readonly italic: (s: string) => string;
  /** `inline code` inside a reply. */
  readonly code: (s: string) => string;
  /** A line of a fenced code block, which already stands out behind its gutter. */
  readonly codeBlock: (s: string) => string;
  readonly heading: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly mention: (s: string) => string;
  readonly ok: (s: string) => string;
  readonly bad: (s: string) => string;
}

const sgr =
  (on: string, off: string) =>
  (s: string): string =>
    `\u001b[${on}m${s}\u001b[${off}m`;

export const COLOR_STYLE: TerminalStyle = {
  color: true,
  bold: sgr('1', '22'),
  emphasis: sgr('1', '22'),
  italic: sgr('3', '23'),
  code: sgr('36', '39'),
  codeBlock: sgr('36', '39'),
  heading: (s) => sgr('1', '22')(sgr('4', '24')(s)),
  dim: sgr('2', '22'),
  mention: sgr('35', '39'),
  ok: sgr('32', '39'),
  bad: sgr('31', '39'),
};

/** Without colour, emphasis keeps a visible marker (*bold*), the plain-text convention, so it is not lost. */
export const PLAIN_STYLE: TerminalStyle = {
  color: false,
  bold: (s) => s,
  emphasis: (s) => `*${s}*`,
  italic: (s) => s,
  code: (s) => `\`${s}\``,
  codeBlock: (s) => s,
  heading: (s) => s,
  dim: (s) => s,
  mention: (s) => s,
  ok: (s) => s,
  bad: (s) => s,
};

/** Colour when writing to a terminal, unless NO_COLOR is set; FORCE_COLOR wins over both (https://no-color.org). */
export function chooseStyle(
  isTTY: boolean,
  env: Readonly<Record<string, string | undefined>>,
): TerminalStyle {
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '' && force !== '0') return COLOR_STYLE;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return PLAIN_STYLE;
  return isTTY ? COLOR_STYLE : PLAIN_STYLE;
}
