// The grammar of a `job` command: `<cronjob> [--PARAM=VALUE …]`, each value checked against its declared parameter.
import type { JobParameter } from '../api/chat-command.ts';

/** What the parameter grammar needs of a job or webhook action. */
interface WithParameters {
  readonly parameters?: ReadonlyArray<Omit<JobParameter, 'env'>>;
}
import { compileParameterPattern } from '../api/chat-command-runtime-checks.ts';
import { UserFacingError } from '../errors.ts';
import { shorten } from './parse-values.ts';
import type { FlagSpec, SplitArgs } from './split-flags.ts';
import type { Usage } from './usage.ts';

/** Every declared parameter is a flag that takes a value; nothing else is accepted. */
export function jobFlagSpecs(job: WithParameters): FlagSpec[] {
  return (job.parameters ?? []).map((p) => ({
    name: p.name,
    takesValue: true,
    example: `--${p.name}=VALUE`,
  }));
}

/**
 * The parameters given, by declared name, each checked for length and pattern. The value is never echoed back in
 * full (it may be a typo'd secret-like string): errors quote at most a shortened copy.
 */
export function readJobParameters(
  job: WithParameters,
  args: SplitArgs,
  usage: Usage,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of job.parameters ?? []) {
    const raw = args.flags.get(p.name);
    if (typeof raw !== 'string') {
      if (p.required) {
        throw new UserFacingError('command.parameter-missing', { flag: `--${p.name}`, usage: usage.usage });
      }
      continue;
    }
    if (Array.from(raw).length > p.maxLength) {
      throw new UserFacingError('command.parameter-too-long', { flag: `--${p.name}`, max: p.maxLength });
    }
    if (!compileParameterPattern(p.pattern).test(raw)) {
      throw new UserFacingError('command.parameter-mismatch', {
        flag: `--${p.name}`,
        value: shorten(raw),
        pattern: p.pattern,
      });
    }
    out[p.name] = raw;
  }
  return out;
}
