// How deeply a JSON text nests, measured without parsing it, so a deep body is refused before anything recurses.

/**
 * True when `text` opens more than `max` arrays or objects inside one another. Brackets inside strings do not
 * count. Malformed text is measured all the same; JSON.parse rejects it afterwards. One pass, no recursion.
 */
export function exceedsJsonDepth(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i += 1; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return false;
}
