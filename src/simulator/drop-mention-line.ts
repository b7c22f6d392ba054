// DingTalk shows a message's @-mentions as its own last line; both chat renderers drop that line, as the phone does.

/** The text without a last line made only of `@id`s the message mentions. */
export function dropMentionLine(text: string, mentions: readonly string[]): string {
  if (mentions.length === 0) return text;
  const lines = text.replace(/\s+$/, '').split('\n');
  const last = lines[lines.length - 1]?.trim() ?? '';
  const onlyMentions = last !== '' && last.split(/\s+/).every((w) => mentions.some((id) => w === `@${id}`));
  return onlyMentions ? lines.slice(0, -1).join('\n') : text;
}
