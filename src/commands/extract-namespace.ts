// Finds `-n NS` / `--namespace NS` anywhere in a message, before the trigger is looked up, and removes it.
import { UserFacingError } from '../errors.ts';
import { shorten, toLabelName } from './parse-values.ts';
import { takeFlagValue } from './split-flags.ts';

export interface NamespaceSelection {
  /** The namespace asked for, lowercased; undefined when none (or an unusable one) was given. */
  readonly namespace?: string;
  /** The words without the namespace flag and its value. */
  readonly rest: readonly string[];
  /** Set when the flag was malformed; reported only once the sender is known to be allowed. */
  readonly error?: UserFacingError;
}

const FLAG = /^(-n|--namespace)(=|$)/i;

export function extractNamespace(words: readonly string[]): NamespaceSelection {
  const rest: string[] = [];
  let namespace: string | undefined;
  let error: UserFacingError | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    const m = FLAG.exec(word);
    if (!m) {
      rest.push(word);
      continue;
    }
    const written = (m[1] ?? '').toLowerCase();
    const { value: raw, consumed } = takeFlagValue(
      words,
      i,
      m[2] === '=' ? word.slice(m[0].length) : undefined,
    );
    i += consumed;
    if (raw === undefined || raw === '') {
      error ??= new UserFacingError('command.flag-needs-value', {
        flag: written,
        example: `${written} my-namespace`,
      });
      continue;
    }
    const name = toLabelName(raw);
    if (name === undefined) {
      error ??= new UserFacingError('command.invalid-namespace', { value: shorten(raw) });
    } else if (namespace !== undefined && namespace !== name) {
      error ??= new UserFacingError('command.duplicate-flag', { flag: '--namespace' });
    } else {
      namespace = name;
    }
  }
  return { ...(namespace !== undefined && !error ? { namespace } : {}), rest, ...(error ? { error } : {}) };
}
