// `job`: creates a Job from a CronJob (as `kubectl create job --from=cronjob/NAME`), then follows it to its end.
import { HttpMethod } from '@kubernetes/client-node';
import type { ActionEnv } from './action-env.ts';
import { buildJobFromCronJob, generateJobName, type RawCronJob } from './job-manifest.ts';
import type { ActionOutcome, ActionRequest } from './types.ts';
import { requireSelectorMatch, targetParams } from './workloads.ts';

type JobRequest = Extract<ActionRequest, { type: 'job' }>;

export function cronJobPath(namespace: string, name?: string): string {
  const base = `/apis/batch/v1/namespaces/${encodeURIComponent(namespace)}/cronjobs`;
  return name === undefined ? base : `${base}/${encodeURIComponent(name)}`;
}

/** Reads the CronJob raw (every template field survives into the Job) and checks the command's selector. */
export async function readCronJob(
  env: ActionEnv,
): Promise<RawCronJob & { metadata?: { labels?: Record<string, string> } }> {
  const ref = env.ctx.target;
  const raw = (await env.getJson(cronJobPath(ref.namespace, ref.name))) as RawCronJob & {
    metadata?: { labels?: Record<string, string> };
  };
  requireSelectorMatch(env.ctx, raw.metadata?.labels);
  return raw;
}

export async function runJob(req: JobRequest, env: ActionEnv): Promise<ActionOutcome> {
  const ref = env.ctx.target;
  const cronJob = await readCronJob(env);
  const name = generateJobName(ref.name);
  const body = buildJobFromCronJob(cronJob, ref.namespace, name, {
    command: req.command,
    env: req.env,
    ...(req.container !== undefined ? { container: req.container } : {}),
    ...(env.ctx.requester ? { requester: env.ctx.requester } : {}),
  });
  await env.request(HttpMethod.POST, `/apis/batch/v1/namespaces/${encodeURIComponent(ref.namespace)}/jobs`, {
    body,
  });
  const params = { ...targetParams(ref), job: name, parameters: req.env.length };
  return {
    ok: true,
    summary: { key: 'action.job.created', params },
    followUp: env.followJob(name, {
      timeoutSeconds: req.timeoutSeconds,
      logTailLines: req.logTailLines,
      logMaxBytes: req.logMaxBytes,
    }),
  };
}
