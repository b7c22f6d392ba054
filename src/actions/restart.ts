// `restart`: a rolling restart exactly as `kubectl rollout restart` does it, then follows the rollout.
import { PatchStrategy } from '@kubernetes/client-node';
import { UserFacingError } from '../errors.ts';
import type { ActionEnv } from './action-env.ts';
import type { ActionOutcome, ActionRequest } from './types.ts';
import { patchWorkload, targetParams } from './workloads.ts';

type RestartRequest = Extract<ActionRequest, { type: 'restart' }>;

export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

/** RFC 3339 with second precision, like Go's `time.RFC3339` that kubectl writes. */
export function formatRfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export async function runRestart(req: RestartRequest, env: ActionEnv): Promise<ActionOutcome> {
  const ref = env.ctx.target;
  const w = await env.readTarget();
  if (w.kind === 'Deployment' && w.obj.spec?.paused)
    throw new UserFacingError('action.restart.paused', targetParams(ref));
  const body = {
    spec: {
      template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: formatRfc3339(env.now()) } } },
    },
  };
  await patchWorkload(env.apps, ref, body, PatchStrategy.StrategicMergePatch);
  return {
    ok: true,
    summary: { key: 'action.restart.started', params: targetParams(ref) },
    followUp: env.followRollout(req.timeoutSeconds),
  };
}
