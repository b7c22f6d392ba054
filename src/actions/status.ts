// `status`: the rollout status now, and a follow-up when the rollout is still moving.
import type { ActionEnv } from './action-env.ts';
import { computeRolloutStatus } from './rollout-status.ts';
import type { ActionOutcome, ActionRequest } from './types.ts';

type StatusRequest = Extract<ActionRequest, { type: 'status' }>;

export async function runStatus(req: StatusRequest, env: ActionEnv): Promise<ActionOutcome> {
  const status = computeRolloutStatus(await env.readTarget());
  if (status.done || status.failed) return { ok: status.done, summary: status.message };
  return { ok: true, summary: status.message, followUp: env.followRollout(req.timeoutSeconds) };
}
