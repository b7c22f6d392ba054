// The messages of the CRD's CEL rules, shared word for word by the validator so both explain a rejection alike.
import { BUILTIN_WORDS } from './patterns.ts';
import { APPROVAL_RULE_MESSAGES } from './validate-approval.ts';

export const RULE_MESSAGES = {
  builtinWord: `must not start with a built-in command word (${BUILTIN_WORDS.join(', ')})`,
  aliasRepeatsTrigger: 'aliases must not repeat the trigger',
  targetsExactlyOne: 'targets needs exactly one of names or selector',
  selectorNotEmpty:
    'selector needs at least one matchLabels entry or matchExpressions item (an empty selector would match every workload)',
  selectorValues: 'operators In and NotIn need values; Exists and DoesNotExist take none',
  actionExactlyOne:
    'action needs exactly one of scale, rollout, logs, job, cronjob, pods, events, webhook or diagnose',
  scaleMinMax: 'minReplicas must not be greater than maxReplicas',
  logsTail: 'tailLines must not be greater than maxTailLines',
  logsContainers: 'set container (the one container read) or containers (the ones -c may choose), not both',
  daemonSetScale: 'a DaemonSet cannot be scaled: use action.rollout or action.logs',
  cooldownMutating:
    'cooldownSeconds applies only to mutating actions (scale, rollout restart/undo/pause/resume, job, cronjob, webhook)',
  // Day-2 actions.
  cronJobKind:
    'targets.kind CronJob goes with action.job or action.cronjob, and those actions need targets.kind CronJob',
  pauseDeployment: 'rollout pause and resume apply to Deployments only',
  parameterReserved: 'parameter names must not be a built-in flag (namespace, n)',
  // Confirmation and approval (docs/design/0012-approvals.md).
  ...APPROVAL_RULE_MESSAGES,
} as const;
