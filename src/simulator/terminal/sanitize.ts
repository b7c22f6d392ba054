// Makes reply text safe to print: pod logs reach chat verbatim, and raw control characters would drive the terminal.

/**
 * Replaces C0/C1 control characters (ESC sequences, BEL, backspace, carriage return…) with visible symbols,
 * keeping newlines and tabs, so a log line cannot move the cursor, change colours or retitle the window.
 */
export function sanitizeForTerminal(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/\r\n/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => {
    const code = c.charCodeAt(0);
    // U+2400.. are the "control pictures" (␛ for ESC); DEL and C1 have no picture, so show their code.
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    return code === 0x7f ? '\u2421' : `\\x${code.toString(16)}`;
  });
}
