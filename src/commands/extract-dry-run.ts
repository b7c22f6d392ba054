// Finds the dry-run flag anywhere after the first word (`--dry-run`, or the Chinese 预演 / 试运行) and removes it.

/** Written forms of the flag, lowercased; phones' smart dashes were already folded to "--" by the tokenizer. */
const DRY_RUN_WORDS: ReadonlySet<string> = new Set(['--dry-run', '--dryrun', '--预演', '预演', '试运行']);

export interface DryRunSelection {
  readonly dryRun: boolean;
  readonly rest: readonly string[];
}

export function extractDryRun(words: readonly string[]): DryRunSelection {
  const [first, ...others] = words;
  if (first === undefined) return { dryRun: false, rest: words };
  const rest = others.filter((w) => !DRY_RUN_WORDS.has(w.toLowerCase()));
  return { dryRun: rest.length !== others.length, rest: [first, ...rest] };
}
