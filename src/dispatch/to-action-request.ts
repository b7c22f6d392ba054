// Turns a parsed chat invocation into the neutral ActionRequest/ActionContext pair the Kubernetes actions take.
import type { ActionRequest } from '../actions/types.ts';
import type { Invocation } from '../commands/parse-arguments.ts';
import { getAction } from '../api/get-action.ts';
import type { JobAction } from '../api/chat-command.ts';

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
        case 'pause':
          return { type: 'pause' };
        case 'resume':
          return { type: 'resume' };
      }
      break;
    }
    // Day-2 actions (docs/design/0006-day-2-actions.md).
    case 'job':
      return toJobRequest(inv, action.job);
    case 'cronjob':
      return { type: action.cronjob.operation === 'suspend' ? 'cronjob-suspend' : 'cronjob-resume' };
    case 'pods':
      return { type: 'pods', maxPods: action.pods.maxPods };
    case 'events':
      return { type: 'events', maxEvents: action.events.maxEvents, sinceSeconds: action.events.sinceSeconds };
    case 'webhook': {
      const w = action.webhook;
      return {
        type: 'webhook',
        secretName: w.secretName,
        parameters: inv.webhook?.parameters ?? {},
        encoding: w.encoding,
        timeoutSeconds: w.timeoutSeconds,
        ...(w.bodyTemplate !== undefined ? { bodyTemplate: w.bodyTemplate } : {}),
      };
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

/** Parameters become env entries in declaration order; only those the grammar checked are present. */
function toJobRequest(inv: Invocation, job: JobAction): ActionRequest {
  const given = inv.job?.parameters ?? {};
  const env = (job.parameters ?? []).flatMap((p) => {
    const value = given[p.name];
    return value === undefined ? [] : [{ name: p.env, value }];
  });
  return {
    type: 'job',
    command: inv.command.metadata.name,
    env,
    timeoutSeconds: job.timeoutSeconds,
    logTailLines: job.logTailLines,
    logMaxBytes: job.logMaxBytes,
    ...(job.container !== undefined ? { container: job.container } : {}),
  };
}
