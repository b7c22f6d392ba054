// The one vocabulary of what a ChatCommand does, shared by actions, metrics labels, access checks and audit:
// rollout and cronjob operations are actions of their own.
import type { ChatCommandAction } from './chat-command.ts';
import { getAction } from './get-action.ts';

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

/** The action a validated spec.action runs. */
export function actionTypeOf(action: ChatCommandAction): ActionType {
  const a = getAction(action);
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
