// The one vocabulary of what a ChatCommand does, shared by actions, metrics labels, access checks and audit:
// rollout and cronjob operations are actions of their own.
import type { ChatCommandAction } from './chat-command.ts';
import { getAction, type ActionOf } from './get-action.ts';

export const ACTION_TYPES = [
  'scale',
  'restart',
  'status',
  'undo',
  'history',
  'logs',
  'job',
  'pause',
  'resume',
  'cronjob-suspend',
  'cronjob-resume',
  'pods',
  'events',
  'webhook',
  'diagnose',
] as const;

export type ActionType = (typeof ACTION_TYPES)[number];

/** Whether each action changes the cluster: the compiler makes every new action say. */
const MUTATES: Readonly<Record<ActionType, boolean>> = {
  scale: true,
  restart: true,
  status: false,
  undo: true,
  history: false,
  logs: false,
  job: true,
  pause: true,
  resume: true,
  'cronjob-suspend': true,
  'cronjob-resume': true,
  pods: false,
  events: false,
  webhook: true,
  diagnose: false,
};

/** The actions that change the cluster (cooldowns, confirmation and approval apply to them), in ACTION_TYPES order. */
export const MUTATING_ACTION_TYPES: readonly ActionType[] = ACTION_TYPES.filter((t) => MUTATES[t]);

/** The action a validated spec.action runs. */
export function actionTypeOf(action: ChatCommandAction): ActionType {
  return typeOfAction(getAction(action));
}

/** True for actions that change the cluster (the ones cooldownSeconds applies to). */
export function isMutatingAction(action: ActionOf): boolean {
  return MUTATES[typeOfAction(action)];
}

function typeOfAction(a: ActionOf): ActionType {
  switch (a.type) {
    case 'scale':
    case 'logs':
    case 'job':
    case 'pods':
    case 'events':
    case 'webhook':
    case 'diagnose':
      return a.type;
    case 'rollout':
      return a.rollout.operation;
    case 'cronjob':
      return a.cronjob.operation === 'suspend' ? 'cronjob-suspend' : 'cronjob-resume';
  }
}
