// Builds a command's usage line and a copyable example from its spec, and the localised help line for it.
import type { ChatCommand } from '../api/chat-command.ts';
import { getAction } from '../api/get-action.ts';
import type { UserMessage } from '../errors.ts';

export interface Usage {
  /** The syntax, e.g. "scale <web|api> <1..10>"; locale-neutral. */
  readonly usage: string;
  /** A message that would run, e.g. "scale web 3". */
  readonly example: string;
}

/** Names shown in a usage line before "…": enough to recognise, short enough for a phone screen. */
const NAMES_SHOWN = 5;

function targetSyntax(command: ChatCommand): string {
  const names = command.spec.targets.names;
  if (!names) return '<NAME>';
  if (names.length === 1) return `[${names[0] ?? ''}]`;
  const shown = names.slice(0, NAMES_SHOWN).join('|');
  return `<${shown}${names.length > NAMES_SHOWN ? '|…' : ''}>`;
}

function exampleName(command: ChatCommand): string {
  return command.spec.targets.names?.[0] ?? 'NAME';
}

export function buildUsage(command: ChatCommand): Usage {
  const { trigger } = command.spec;
  const target = targetSyntax(command);
  const name = exampleName(command);
  const action = getAction(command.spec.action);
  switch (action.type) {
    case 'scale': {
      const { minReplicas: min, maxReplicas: max } = action.scale;
      const replicas = Math.min(max, Math.max(min, 3));
      return { usage: `${trigger} ${target} <${min}..${max}>`, example: `${trigger} ${name} ${replicas}` };
    }
    case 'rollout':
      return action.rollout.operation === 'undo'
        ? { usage: `${trigger} ${target} [--to-revision=N]`, example: `${trigger} ${name}` }
        : { usage: `${trigger} ${target}`, example: `${trigger} ${name}` };
    case 'logs': {
      const { maxTailLines, container, containers } = action.logs;
      const containerFlag =
        container !== undefined ? '' : containers ? ` [-c ${containers.join('|')}]` : ' [-c CONTAINER]';
      const tail = Math.min(maxTailLines, 100);
      return {
        usage: `${trigger} ${target} [--tail=1..${maxTailLines}]${containerFlag} [--since=10m] [--previous]`,
        example: `${trigger} ${name} --tail ${tail}`,
      };
    }
    case 'job':
    case 'webhook': {
      const params = (action.type === 'job' ? action.job.parameters : action.webhook.parameters) ?? [];
      const flags = params.map((p) => (p.required ? ` --${p.name}=VALUE` : ` [--${p.name}=VALUE]`)).join('');
      const needed = params
        .filter((p) => p.required)
        .map((p) => ` --${p.name}=VALUE`)
        .join('');
      return { usage: `${trigger} ${target}${flags}`, example: `${trigger} ${name}${needed}` };
    }
    case 'cronjob':
    case 'pods':
    case 'events':
    case 'diagnose':
      return { usage: `${trigger} ${target}`, example: `${trigger} ${name}` };
  }
}

/** The help line for a command (message key per action). */
export function describeUsage(command: ChatCommand): UserMessage {
  const { usage, example } = buildUsage(command);
  const action = getAction(command.spec.action);
  switch (action.type) {
    case 'scale':
      return {
        key: 'command.usage.scale',
        params: { usage, example, min: action.scale.minReplicas, max: action.scale.maxReplicas },
      };
    case 'rollout':
      return { key: `command.usage.rollout-${action.rollout.operation}`, params: { usage, example } };
    case 'logs':
      return {
        key: 'command.usage.logs',
        params: { usage, example, tail: action.logs.tailLines, maxTail: action.logs.maxTailLines },
      };
    case 'job':
      return { key: 'command.usage.job', params: { usage, example } };
    case 'webhook':
      return { key: 'command.usage.webhook', params: { usage, example } };
    case 'cronjob':
      return {
        key:
          action.cronjob.operation === 'suspend'
            ? 'command.usage.cronjob-suspend'
            : 'command.usage.cronjob-resume',
        params: { usage, example },
      };
    case 'pods':
      return { key: 'command.usage.pods', params: { usage, example, max: action.pods.maxPods } };
    case 'events':
      return { key: 'command.usage.events', params: { usage, example, max: action.events.maxEvents } };
    case 'diagnose':
      return { key: 'command.usage.diagnose', params: { usage, example } };
  }
}
