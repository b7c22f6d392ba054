// `cronjob suspend|resume`: sets a CronJob's spec.suspend; Jobs already running are left alone, as Kubernetes does.
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { ActionEnv } from './action-env.ts';
import { readCronJob } from './job.ts';
import type { ActionOutcome } from './types.ts';
import { targetParams } from './workloads.ts';

export async function runCronJobSuspend(suspend: boolean, env: ActionEnv): Promise<ActionOutcome> {
  const ref = env.ctx.target;
  const cronJob = (await readCronJob(env)) as { spec?: { suspend?: boolean } };
  const params = targetParams(ref);
  if ((cronJob.spec?.suspend === true) === suspend) {
    const key = suspend ? 'action.cronjob.already-suspended' : 'action.cronjob.already-resumed';
    return { ok: true, summary: { key, params } };
  }
  await env.batch.patchNamespacedCronJob(
    { name: ref.name, namespace: ref.namespace, body: { spec: { suspend } } },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );
  const key = suspend ? 'action.cronjob.suspended' : 'action.cronjob.resumed';
  return { ok: true, summary: { key, params } };
}
