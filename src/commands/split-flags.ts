// Separates chat arguments into known flags (--flag=v, --flag v, -f v) and positional words; rejects the rest.
import { UserFacingError } from '../errors.ts';
import { shorten } from './parse-values.ts';
import type { Usage } from './usage.ts';

export interface FlagSpec {
  /** Long name without dashes, e.g. "tail". */
  readonly name: string;
  /** One-letter alias, e.g. "c" for -c. */
  readonly short?: string;
  readonly takesValue: boolean;
  /** How to write it, for "needs a value" errors, e.g. "--tail=50". */
  readonly example: string;
}

export interface SplitArgs {
  /** Long name → value (true for flags without a value). */
  readonly flags: ReadonlyMap<string, string | true>;
  readonly positionals: readonly string[];
}

/** "-5" is a (bad) number, not a flag: it is left positional so the number check can explain it. */
const NEGATIVE_NUMBER = /^-[0-9]/;

export function looksLikeFlag(word: string): boolean {
  return word.startsWith('-') && word.length > 1 && !NEGATIVE_NUMBER.test(word);
}

/**
 * The value of the flag at `words[i]`: its `=value` when written inline, else the next word unless that is
 * itself a flag. `consumed` is 1 when the next word was taken.
 */
export function takeFlagValue(
  words: readonly string[],
  i: number,
  inline: string | undefined,
): { readonly value: string | undefined; readonly consumed: number } {
  if (inline !== undefined) return { value: inline, consumed: 0 };
  const next = words[i + 1];
  return next !== undefined && !looksLikeFlag(next)
    ? { value: next, consumed: 1 }
    : { value: undefined, consumed: 0 };
}

export function splitFlags(args: readonly string[], specs: readonly FlagSpec[], usage: Usage): SplitArgs {
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i] ?? '';
    if (!looksLikeFlag(word)) {
      positionals.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    const written = (eq === -1 ? word : word.slice(0, eq)).toLowerCase();
    const inline = eq === -1 ? undefined : word.slice(eq + 1);
    const spec = specs.find(
      (s) => written === `--${s.name}` || (s.short !== undefined && written === `-${s.short}`),
    );
    if (!spec)
      throw new UserFacingError('command.unknown-flag', { flag: shorten(written), usage: usage.usage });
    const display = `--${spec.name}`;
    if (flags.has(spec.name)) throw new UserFacingError('command.duplicate-flag', { flag: display });
    if (!spec.takesValue) {
      if (inline !== undefined) throw new UserFacingError('command.flag-takes-no-value', { flag: written });
      flags.set(spec.name, true);
      continue;
    }
    const { value, consumed } = takeFlagValue(args, i, inline);
    i += consumed;
    if (value === undefined || value === '') {
      throw new UserFacingError('command.flag-needs-value', { flag: written, example: spec.example });
    }
    flags.set(spec.name, value);
  }
  return { flags, positionals };
}
