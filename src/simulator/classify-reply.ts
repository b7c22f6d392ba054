// Reads the outcome of a command from kubetalk's reply, so `kubetalk say` can turn it into an exit code.

/**
 * - succeeded: an action ran and its reply starts with ✅ (follow-ups carry an "Update on …" heading first);
 * - failed: an action ran and reported ❌;
 * - info: a built-in answered (help, whoami): its reply is a heading and a list;
 * - refused: anything else kubetalk says in plain sentences: not allowed, unknown command, bad arguments,
 *   ambiguous trigger, rate limited, internal error. Nothing was changed.
 */
export type ReplyOutcome = 'succeeded' | 'failed' | 'info' | 'refused';

export function classifyReply(markdown: string): ReplyOutcome {
  const lines = markdown
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  // The mark is on the first line, or the second after a follow-up's "Update on …"; never inside log output.
  const marked = lines.slice(0, 2).find((l) => l.startsWith('✅') || l.startsWith('❌'));
  if (marked !== undefined) return marked.startsWith('✅') ? 'succeeded' : 'failed';
  return lines[0]?.startsWith('#') === true ? 'info' : 'refused';
}

/** Whether a script may treat the outcome as success. */
export function isSuccessfulOutcome(outcome: ReplyOutcome): boolean {
  return outcome === 'succeeded' || outcome === 'info';
}
