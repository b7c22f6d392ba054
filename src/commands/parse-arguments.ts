// The per-action grammar of the words after a trigger: turns them into an Invocation or one UserFacingError.
import type { ChatCommand, LogsAction, RolloutAction, ScaleAction } from '../api/chat-command.ts';
import { getAction } from '../api/get-action.ts';
import { LIMITS } from '../api/limits.ts';
import { isUserFacingError, UserFacingError } from '../errors.ts';
import { extractNamespace } from './extract-namespace.ts';
import type { Invocation } from './invocation.ts';
import { jobFlagSpecs, readJobParameters } from './parse-job-arguments.ts';
import type { WorkloadRef } from './parse-values.ts';
import { parseCount, parseDuration, parseWorkloadRef, shorten, toLabelName } from './parse-values.ts';
import type { FlagSpec, SplitArgs } from './split-flags.ts';
import { splitFlags } from './split-flags.ts';
import type { Usage } from './usage.ts';
import { buildUsage } from './usage.ts';

export type { Invocation } from './invocation.ts';

export type ParseResult =
  | { readonly ok: true; readonly invocation: Invocation }
  | { readonly ok: false; readonly error: UserFacingError };

/**
 * What arguments may contain at all. Checked first, on every word, so shell and path syntax
 * (`;`, `$(…)`, backticks, quotes, spaces inside quotes, `|`, `&`, `<`) is refused before anything else is read.
 */
const SAFE_WORD = /^[A-Za-z0-9./=+-]*$/;
/** Words that are meant as numbers even when malformed, so "scale -1" is a bad count, not a bad name. */
const NUMBER_LIKE = /^[-+]?[0-9.]+$/;
/** Allowed names listed in an error; more would bury the message. */
const NAMES_LISTED = 10;

const SCALE_FLAGS: readonly FlagSpec[] = [{ name: 'replicas', takesValue: true, example: '--replicas=3' }];
const UNDO_FLAGS: readonly FlagSpec[] = [
  { name: 'to-revision', takesValue: true, example: '--to-revision=2' },
];
const LOGS_FLAGS: readonly FlagSpec[] = [
  { name: 'tail', takesValue: true, example: '--tail=50' },
  { name: 'container', short: 'c', takesValue: true, example: '-c app' },
  { name: 'since', takesValue: true, example: '--since=10m' },
  { name: 'previous', short: 'p', takesValue: false, example: '--previous' },
];

/** Parses the words after the trigger (a `-n` among them must name the command's own namespace). */
export function parseArguments(command: ChatCommand, args: readonly string[]): ParseResult {
  try {
    return { ok: true, invocation: parseOrThrow(command, args) };
  } catch (err) {
    if (isUserFacingError(err)) return { ok: false, error: err };
    throw err;
  }
}

function parseOrThrow(command: ChatCommand, args: readonly string[]): Invocation {
  const usage = buildUsage(command);
  const { namespace: asked, rest, error } = extractNamespace(args);
  if (error) throw error;
  const namespace = command.metadata.namespace;
  if (asked !== undefined && asked !== namespace) {
    throw new UserFacingError('command.namespace-mismatch', { namespace: asked, expected: namespace });
  }
  const unsafe = rest.find((w) => !SAFE_WORD.test(w));
  if (unsafe !== undefined) {
    throw new UserFacingError('command.invalid-characters', { value: shorten(unsafe), usage: usage.usage });
  }
  const action = getAction(command.spec.action);
  const base = { command, namespace };
  switch (action.type) {
    case 'scale':
      return { ...base, ...parseScale(command, action.scale, splitFlags(rest, SCALE_FLAGS, usage), usage) };
    case 'rollout': {
      const flags = action.rollout.operation === 'undo' ? UNDO_FLAGS : [];
      return { ...base, ...parseRollout(command, action.rollout, splitFlags(rest, flags, usage), usage) };
    }
    case 'logs':
      return { ...base, ...parseLogs(command, action.logs, splitFlags(rest, LOGS_FLAGS, usage), usage) };
    case 'job': {
      const args = splitFlags(rest, jobFlagSpecs(action.job), usage);
      const target = parseTargetOnly(command, args, usage);
      return { ...base, target, job: { parameters: readJobParameters(action.job, args, usage) } };
    }
    case 'webhook': {
      const args = splitFlags(rest, jobFlagSpecs(action.webhook), usage);
      const target = parseTargetOnly(command, args, usage);
      return { ...base, target, webhook: { parameters: readJobParameters(action.webhook, args, usage) } };
    }
    case 'cronjob':
    case 'pods':
    case 'events':
      return { ...base, target: parseTargetOnly(command, splitFlags(rest, [], usage), usage) };
    case 'diagnose': {
      const [first, extra] = splitFlags(rest, [], usage).positionals;
      if (extra !== undefined) throw unexpected(extra, usage);
      return { ...base, target: resolveTarget(command, first, usage) };
    }
  }
}

/** `<name>` and nothing else (the read-only views and CronJob suspend/resume take no options). */
function parseTargetOnly(command: ChatCommand, args: SplitArgs, usage: Usage): WorkloadRef {
  const [first, extra] = args.positionals;
  const target = resolveTarget(command, first, usage);
  if (extra !== undefined) throw unexpected(extra, usage);
  return target;
}

type ActionPart = Omit<Invocation, 'command' | 'namespace'>;

function parseScale(command: ChatCommand, scale: ScaleAction, args: SplitArgs, usage: Usage): ActionPart {
  const flag = args.flags.get('replicas');
  const [first, second, ...extra] = args.positionals;
  let nameWord: string | undefined = first;
  let countWord: string | undefined = typeof flag === 'string' ? flag : second;
  // "scale 3": a lone number is the count (the target is then implied, or the sender is asked for it).
  if (first !== undefined && second === undefined && NUMBER_LIKE.test(first)) {
    if (typeof flag === 'string')
      throw new UserFacingError('command.replicas-given-twice', { example: usage.example });
    nameWord = undefined;
    countWord = first;
  }
  const target = resolveTarget(command, nameWord, usage);
  if (typeof flag === 'string' && second !== undefined) {
    if (NUMBER_LIKE.test(second))
      throw new UserFacingError('command.replicas-given-twice', { example: usage.example });
    throw unexpected(second, usage);
  }
  const leftover = typeof flag === 'string' ? undefined : extra[0];
  if (leftover !== undefined) throw unexpected(leftover, usage);
  if (countWord === undefined) {
    throw new UserFacingError('command.missing-replicas', {
      min: scale.minReplicas,
      max: scale.maxReplicas,
      example: usage.example,
    });
  }
  const replicas = parseCount(countWord, 'replicas');
  if (replicas < scale.minReplicas || replicas > scale.maxReplicas) {
    throw new UserFacingError('command.replicas-out-of-range', {
      value: replicas,
      min: scale.minReplicas,
      max: scale.maxReplicas,
    });
  }
  return { target, scale: { replicas } };
}

function parseRollout(
  command: ChatCommand,
  rollout: RolloutAction,
  args: SplitArgs,
  usage: Usage,
): ActionPart {
  const [first, extra] = args.positionals;
  const target = resolveTarget(command, first, usage);
  if (extra !== undefined) throw unexpected(extra, usage);
  const raw = args.flags.get('to-revision');
  if (typeof raw !== 'string') return { target, rollout: { operation: rollout.operation } };
  const toRevision = parseCount(raw, '--to-revision');
  if (toRevision < 1 || toRevision > LIMITS.revisionMax) {
    throw new UserFacingError('command.revision-out-of-range', { value: toRevision });
  }
  return { target, rollout: { operation: rollout.operation, toRevision } };
}

function parseLogs(command: ChatCommand, logs: LogsAction, args: SplitArgs, usage: Usage): ActionPart {
  const [first, extra] = args.positionals;
  const target = resolveTarget(command, first, usage);
  if (extra !== undefined) throw unexpected(extra, usage);
  const tailRaw = args.flags.get('tail');
  let tailLines = logs.tailLines;
  if (typeof tailRaw === 'string') {
    tailLines = parseCount(tailRaw, '--tail');
    if (tailLines < 1 || tailLines > logs.maxTailLines) {
      throw new UserFacingError('command.tail-out-of-range', { value: tailLines, max: logs.maxTailLines });
    }
  }
  const container = chooseContainer(logs, args.flags.get('container'));
  const sinceRaw = args.flags.get('since');
  const sinceSeconds = typeof sinceRaw === 'string' ? parseDuration(sinceRaw) : logs.sinceSeconds;
  return {
    target,
    logs: {
      tailLines,
      ...(container !== undefined ? { container } : {}),
      ...(sinceSeconds !== undefined ? { sinceSeconds } : {}),
      previous: args.flags.has('previous'),
      maxBytes: logs.maxBytes,
    },
  };
}

/**
 * The spec's `container` is fixed when set (StackStorm-style immutable parameter); `containers` is the allow-list
 * `-c` chooses from (its first entry when -c is absent); with neither, -c chooses any container of the pod.
 */
function chooseContainer(logs: LogsAction, raw: string | true | undefined): string | undefined {
  const allowed = logs.container !== undefined ? [logs.container] : logs.containers;
  if (typeof raw !== 'string') return allowed?.[0];
  const name = toLabelName(raw);
  if (name === undefined) throw new UserFacingError('command.invalid-container', { value: shorten(raw) });
  if (allowed !== undefined && !allowed.includes(name)) {
    throw new UserFacingError('command.container-not-allowed', { container: allowed.join(', ') });
  }
  return name;
}

function impliedName(command: ChatCommand): string | undefined {
  const names = command.spec.targets.names;
  return names?.length === 1 ? names[0] : undefined;
}

/** The named workload, checked against the allowlist; the only name when the sender gave none. */
function resolveTarget(command: ChatCommand, word: string | undefined, usage: Usage): WorkloadRef {
  const { kind, names } = command.spec.targets;
  if (word === undefined) {
    const only = impliedName(command);
    if (only !== undefined) return { kind, name: only };
    if (names)
      throw new UserFacingError('command.missing-name', {
        allowed: listNames(names),
        example: usage.example,
      });
    throw new UserFacingError('command.missing-name-any', { example: usage.example, usage: usage.usage });
  }
  const ref = parseWorkloadRef(word, kind, usage);
  if (names && !names.includes(ref.name)) {
    throw new UserFacingError('command.target-not-allowed', {
      name: shorten(ref.name),
      allowed: listNames(names),
    });
  }
  return ref;
}

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, NAMES_LISTED).join(', ');
  return names.length > NAMES_LISTED ? `${shown}, …` : shown;
}

function unexpected(word: string, usage: Usage): UserFacingError {
  return new UserFacingError('command.unexpected-argument', {
    value: shorten(word),
    usage: usage.usage,
    example: usage.example,
  });
}
