// `kubetalk validate -f FILE`: ChatCommand manifests checked offline, for editors and CI.
import { chooseStyle } from '../simulator/terminal/style.ts';
import { checkChatCommands } from './check-chat-commands.ts';
import type { CliIo } from './cli-io.ts';
import { formatValidationReport } from './format-validation-report.ts';
import { parseOptions, UsageError } from './parse-options.ts';
import { readManifestSources } from './read-manifest-sources.ts';

export { VALIDATE_HELP } from './validate-help.ts';

const OPTIONS = {
  filename: { type: 'string', short: 'f', multiple: true },
  namespace: { type: 'string', short: 'n' },
  strict: { type: 'boolean' },
  output: { type: 'string', short: 'o' },
} as const;

export async function runValidate(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(args, OPTIONS);
  if (positionals.length > 0) {
    throw new UsageError(`unexpected argument "${positionals[0]}" (name files with -f)`);
  }
  const files = values.filename ?? [];
  if (files.length === 0) throw new UsageError('no input: name a file with -f FILE (or -f - for stdin)');
  if (files.filter((f) => f === '-').length > 1) throw new UsageError('stdin (-f -) can be read only once');
  const output = values.output ?? 'text';
  if (output !== 'text' && output !== 'json') {
    throw new UsageError(`--output must be text or json, got "${output}"`);
  }
  const sources = await readManifestSources(files, io.stdin);
  const report = checkChatCommands(sources, {
    ...(values.namespace === undefined ? {} : { namespace: values.namespace }),
    strict: values.strict === true,
  });
  if (output === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout(formatValidationReport(report, chooseStyle(io.stdoutIsTTY, io.env)));
  return report.ok ? 0 : 1;
}
