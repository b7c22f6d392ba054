// `pause` / `resume`: sets a Deployment's spec.paused, as `kubectl rollout pause|resume` does; nothing else changes.
import { PatchStrategy } from '@kubernetes/client-node';
import { UserFacingError } from '../errors.ts';
import type { ActionEnv } from './action-env.ts';
import type { ActionOutcome } from './types.ts';
import { patchWorkload, targetParams } from './workloads.ts';

export async function runPause(paused: boolean, env: ActionEnv): Promise<ActionOutcome> {
  const ref = env.ctx.target;
  if (ref.kind !== 'Deployment')
    throw new UserFacingError('action.pause.unsupported-kind', targetParams(ref));
  const w = await env.readTarget();
  const params = targetParams(ref);
  if (((w.obj.spec as { paused?: boolean } | undefined)?.paused === true) === paused) {
    const key = paused ? 'action.pause.already-paused' : 'action.pause.already-resumed';
    return { ok: true, summary: { key, params } };
  }
  // A merge patch of one field: no read-modify-write of the object, so no conflict with the controller's writes.
  await patchWorkload(env.apps, ref, { spec: { paused } }, PatchStrategy.MergePatch);
  return { ok: true, summary: { key: paused ? 'action.pause.paused' : 'action.pause.resumed', params } };
}
