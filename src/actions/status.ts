// `status`: the rollout status now, and a follow-up when the rollout is still moving.
import type { ActionEnv } from './action-env.ts';
import { lookUpPodWarning } from './pod-warning.ts';
import { computeRolloutStatus } from './rollout-status.ts';
import type { ActionOutcome, ActionRequest } from './types.ts';

type StatusRequest = Extract<ActionRequest, { type: 'status' }>;

export async function runStatus(req: StatusRequest, env: ActionEnv): Promise<ActionOutcome> {
  const w = await env.readTarget();
  const status = computeRolloutStatus(w);
  if (status.done || status.failed) return { ok: status.done, summary: status.message };
  const warning = await lookUpPodWarning(env.core, w);
  return {
    ok: true,
    summary: status.message,
    ...(warning ? { blocks: [{ heading: { key: 'action.rollout.warning' }, text: warning }] } : {}),
    followUp: env.followRollout(req.timeoutSeconds),
  };
}
