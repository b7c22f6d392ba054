// Turns a parsed chat invocation into the neutral ActionRequest/ActionContext pair the Kubernetes actions take.
import type { ActionRequest } from '../actions/types.ts';
import type { Invocation } from '../commands/parse-arguments.ts';
import { getAction } from '../api/get-action.ts';

export function toActionRequest(inv: Invocation): ActionRequest {
  const action = getAction(inv.command.spec.action);
  switch (action.type) {
    case 'scale':
      return {
        type: 'scale',
        replicas: inv.scale?.replicas ?? -1,
        minReplicas: action.scale.minReplicas,
        maxReplicas: action.scale.maxReplicas,
      };
    case 'rollout': {
      const timeoutSeconds = action.rollout.timeoutSeconds;
      switch (action.rollout.operation) {
        case 'restart':
          return { type: 'restart', timeoutSeconds };
        case 'status':
          return { type: 'status', timeoutSeconds };
        case 'history':
          return { type: 'history' };
        case 'undo':
          return inv.rollout?.toRevision !== undefined
            ? { type: 'undo', toRevision: inv.rollout.toRevision, timeoutSeconds }
            : { type: 'undo', timeoutSeconds };
      }
      break;
    }
    case 'logs': {
      const l = inv.logs;
      return {
        type: 'logs',
        tailLines: l?.tailLines ?? action.logs.tailLines,
        maxBytes: l?.maxBytes ?? action.logs.maxBytes,
        previous: l?.previous ?? false,
        ...(l?.container !== undefined ? { container: l.container } : {}),
        ...(l?.sinceSeconds !== undefined ? { sinceSeconds: l.sinceSeconds } : {}),
      };
    }
    case 'diagnose':
      return { type: 'diagnose', maxBytes: action.diagnose.maxBytes };
  }
  throw new Error('unreachable: unknown action');
}
