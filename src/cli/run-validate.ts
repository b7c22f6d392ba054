// `kubetalk validate -f FILE`: ChatCommand manifests checked offline, for editors and CI.
import { chooseStyle } from '../simulator/terminal/style.ts';
import { checkChatCommands } from './check-chat-commands.ts';
import type { CliIo } from './cli-io.ts';
import { formatValidationReport } from './format-validation-report.ts';
import { parseOptions, UsageError } from './parse-options.ts';
import { readManifestSources } from './read-manifest-sources.ts';

export const VALIDATE_HELP = `Usage: kubetalk validate -f FILE [-f FILE …] [-n NAMESPACE] [--strict] [--output text|json]

Checks ChatCommand manifests without a cluster: every field against the CRD's schema and its rules (the same
messages the API server gives), then trigger and alias collisions across all the objects given (two commands
answering the same words in a shared conversation). ChatIdentity manifests are checked too, and a staff id or
unionId claimed by two of them fails both (the controller would report Conflict). AlertRoute manifests get
their schema, matchers (RE2 syntax) and button templates checked. Other kinds in the files
(ServiceAccount, Role…) are skipped. Each object is reported as FILE:LINE (doc N), N counting the file's YAML documents from 1.

Exit code: 0 all valid, 1 an invalid object or a collision (or, with --strict, a warning), 2 usage error.

Options:
  -f, --filename FILE   a YAML/JSON file, a directory of them, or - for stdin; repeat for several
  -n, --namespace NS    namespace of objects that have none, as "kubectl apply -n NS" (default: they must say)
  --strict              warnings fail too (a command that grants nobody, which the controller reports
                        as NobodyAllowed)
  -o, --output FORMAT   text (default) or json (for CI: {ok, objects[], conflicts[]})

Examples:
  kubetalk validate -f scale-web.yaml
  kubetalk validate -f chatcommands/ -f team-b.yaml --strict
  helm template charts/my-app | kubetalk validate -f - -o json`;

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
