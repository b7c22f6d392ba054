// The action type a ChatCommand runs, in the vocabulary of the access table (rollout operations are their own actions).
import type { ActionType } from '../actions/types.ts';
import type { ChatCommand } from '../api/chat-command.ts';
import { getAction } from '../api/get-action.ts';

export function actionTypeOf(command: ChatCommand): ActionType {
  const action = getAction(command.spec.action);
  switch (action.type) {
    case 'scale':
      return 'scale';
    case 'logs':
      return 'logs';
    case 'rollout':
      return action.rollout.operation;
    case 'cronjob':
      return action.cronjob.operation === 'suspend' ? 'cronjob-suspend' : 'cronjob-resume';
    case 'job':
    case 'pods':
    case 'events':
    case 'webhook':
    case 'diagnose':
      return action.type;
  }
}

/** True when the command asks the cluster whether the sender's own Kubernetes identity may do the action. */
export function requiresKubernetesAccess(command: ChatCommand): boolean {
  return command.spec.allow.kubernetesAccess === true;
}
