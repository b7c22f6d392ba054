// Terminal column width of a string: CJK and full-width characters take two columns, so underlines line up.

const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;
// Marks that are part of the previous character, and ANSI sequences, take no columns.
const ZERO = /^(?:[\u0300-\u036f\u200b-\u200f]|\ufe0f)$/u;
// eslint-disable-next-line no-control-regex -- ANSI escape sequences are exactly what must be skipped
const ANSI = /\u001b\[[0-9;]*m/g;

export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text.replace(ANSI, '')) {
    if (ZERO.test(ch)) continue;
    width += WIDE.test(ch) || ch === '✅' || ch === '❌' ? 2 : 1;
  }
  return width;
}
