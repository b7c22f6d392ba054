// Computes status.action and status.summary, the controller-written fields behind the ACTION and SUMMARY columns.
//
// A JSONPath printer column cannot name which member of the spec.action union is set, so the controller writes
// it as a plain string; the summary says the whole command in one line for `kubectl get chatcmd -o wide`.
import type { ChatCommandSpec } from './chat-command.ts';
import { getAction } from './get-action.ts';
import { LIMITS } from './limits.ts';

export interface CommandSummary {
  /** "scale", "rollout restart", "rollout status", "rollout undo", "rollout history", "logs" or "diagnose". */
  readonly action: string;
  /** e.g. "scale Deployment web|api to 1–10 replicas". */
  readonly summary: string;
}

export function summarizeChatCommand(spec: ChatCommandSpec): CommandSummary {
  const action = getAction(spec.action);
  const targets = describeTargets(spec);
  let name: string;
  let summary: string;
  switch (action.type) {
    case 'scale':
      name = 'scale';
      summary = `scale ${targets} to ${action.scale.minReplicas}–${action.scale.maxReplicas} replicas`;
      break;
    case 'rollout':
      name = `rollout ${action.rollout.operation}`;
      summary = `rollout ${action.rollout.operation} ${targets}`;
      break;
    case 'logs': {
      const { tailLines, maxTailLines, container } = action.logs;
      name = 'logs';
      summary = `logs of ${targets}${container ? ` (container ${container})` : ''}, ${tailLines} lines (at most ${maxTailLines})`;
      break;
    }
    case 'job': {
      const params = (action.job.parameters ?? []).map((p) => `--${p.name}`);
      name = 'job';
      summary = `create a Job from ${targets}${params.length > 0 ? ` with ${params.join(' ')}` : ''}, follow it for ${action.job.timeoutSeconds} s`;
      break;
    }
    case 'cronjob':
      name = `cronjob ${action.cronjob.operation}`;
      summary = `${action.cronjob.operation} ${targets}`;
      break;
    case 'pods':
      name = 'pods';
      summary = `list the pods of ${targets} (at most ${action.pods.maxPods})`;
      break;
    case 'webhook':
      name = 'webhook';
      summary = `call the webhook in Secret ${action.webhook.secretName} for ${targets}`;
      break;
    case 'events':
      name = 'events';
      summary = `list Warning events of ${targets} (at most ${action.events.maxEvents}, last ${action.events.sinceSeconds} s)`;
      break;
    case 'diagnose':
      name = 'diagnose';
      summary = `diagnose ${targets} (previous log up to ${action.diagnose.maxBytes} bytes)`;
      break;
  }
  return { action: name, summary: truncate(summary, LIMITS.statusSummaryMaxLength) };
}

function describeTargets(spec: ChatCommandSpec): string {
  const { kind, names, selector } = spec.targets;
  if (names) return `${kind} ${names.join('|')}`;
  const labels = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  const expressions = (selector?.matchExpressions ?? []).map((e) =>
    e.values && e.values.length > 0
      ? `${e.key} ${e.operator} (${e.values.join(',')})`
      : `${e.operator}(${e.key})`,
  );
  return `${kind}s matching ${[...labels, ...expressions].join(', ')}`;
}

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
