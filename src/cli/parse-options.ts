// Command-line parsing on node:util parseArgs, with mistakes reported as usage errors (exit code 2).
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A wrong command line: the CLI prints the message and a pointer to --help, and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseOptions<const T extends Options>(
  args: readonly string[],
  options: T,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (err) {
    // parseArgs throws TypeErrors with a code such as ERR_PARSE_ARGS_UNKNOWN_OPTION and a readable message.
    if (err instanceof TypeError && 'code' in err) throw new UsageError(err.message);
    throw err;
  }
}

/**
 * Splits `[options] MESSAGE…` at the first word that is not an option (or at `--`), so the message itself may
 * contain flags: `kubetalk say logs web --tail 5`.
 */
export function splitAtMessage(
  args: readonly string[],
  options: Options,
): { options: string[]; message: string[] } {
  const { tokens } = parseArgs({
    args: [...args],
    options,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const first = tokens.find((t) => t.kind === 'positional' || t.kind === 'option-terminator');
  if (!first) return { options: [...args], message: [] };
  const skip = first.kind === 'option-terminator' ? 1 : 0;
  return { options: args.slice(0, first.index), message: args.slice(first.index + skip) };
}

/** An integer option within bounds, e.g. --timeout 30. */
export function readInteger(
  name: string,
  value: string | undefined,
  fallback: number,
  bounds: { readonly min: number; readonly max: number },
): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`--${name} must be a whole number, got "${value}"`);
  const n = Number(value);
  if (n < bounds.min || n > bounds.max) {
    throw new UsageError(`--${name} must be between ${bounds.min} and ${bounds.max}, got ${n}`);
  }
  return n;
}
