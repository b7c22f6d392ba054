// Follows a Job after the first reply: polls it until it succeeds, fails (with the failed pod's log tail) or time runs out.
import type { BatchV1Api, CoreV1Api, V1Job, V1Pod } from '@kubernetes/client-node';
import { isUserFacingError } from '../errors.ts';
import { clipReason } from './explain-api-error.ts';
import { readApiStatus } from '../kube/api-status.ts';
import type { FollowJobOptions } from './action-env.ts';
import { sleep } from './follow-rollout.ts';
import { cutAtBytes } from './log-plan.ts';
import { isControlledBy } from './revisions.ts';
import type { ActionOutcome, OutcomeBlock } from './types.ts';

export interface FollowJobDeps {
  readonly batch: BatchV1Api;
  readonly core: CoreV1Api;
  readonly namespace: string;
  readonly signal: AbortSignal;
  readonly pollIntervalMs: number;
  readonly mapError: (err: unknown) => unknown;
  readonly onInternalError?: (err: unknown) => void;
}

const TRANSIENT_KEYS = new Set(['action.api-unavailable', 'action.timeout']);

type JobEnd =
  | { readonly state: 'succeeded' }
  | { readonly state: 'failed'; readonly reason: string; readonly message: string };

/** Complete or Failed with status True, as `kubectl wait --for=condition=…` reads a Job; undefined while it runs. */
export function readJobEnd(job: V1Job): JobEnd | undefined {
  for (const c of job.status?.conditions ?? []) {
    if (c.status !== 'True') continue;
    if (c.type === 'Complete') return { state: 'succeeded' };
    if (c.type === 'Failed') {
      return { state: 'failed', reason: c.reason ?? 'Failed', message: clipReason(c.message ?? '') };
    }
  }
  return undefined;
}

/** The pod to explain a failure with: the newest failed pod of the Job, else its newest pod. */
export function pickFailedPod(pods: readonly V1Pod[]): V1Pod | undefined {
  const created = (p: V1Pod): number => p.metadata?.creationTimestamp?.getTime() ?? 0;
  const sorted = [...pods].sort((a, b) => created(b) - created(a));
  return sorted.find((p) => p.status?.phase === 'Failed') ?? sorted[0];
}

/** The container that failed (non-zero exit), else the first one. */
export function pickFailedContainer(pod: V1Pod): { name: string; detail: string } | undefined {
  const statuses = pod.status?.containerStatuses ?? [];
  const failed = statuses.find((s) => (s.state?.terminated?.exitCode ?? 0) !== 0);
  const name = failed?.name ?? pod.spec?.containers[0]?.name;
  if (name === undefined) return undefined;
  const t = failed?.state?.terminated;
  const detail = t
    ? `${t.reason ?? 'Error'}, exit code ${t.exitCode}`
    : (pod.status?.reason ?? pod.status?.phase ?? '');
  return { name, detail };
}

async function explainFailure(
  deps: FollowJobDeps,
  job: V1Job,
  opts: FollowJobOptions,
): Promise<OutcomeBlock[]> {
  const name = job.metadata?.name ?? '';
  try {
    const list = await deps.core.listNamespacedPod({
      namespace: deps.namespace,
      labelSelector: `batch.kubernetes.io/job-name=${name}`,
    });
    const pod = pickFailedPod(list.items.filter((p) => isControlledBy(p.metadata, job.metadata?.uid)));
    const container = pod && pickFailedContainer(pod);
    if (!pod || !container) return [];
    const podName = pod.metadata?.name ?? '';
    const params = {
      pod: podName,
      container: container.name,
      detail: container.detail,
      lines: opts.logTailLines,
    };
    try {
      const raw = await deps.core.readNamespacedPodLog({
        name: podName,
        namespace: deps.namespace,
        container: container.name,
        tailLines: opts.logTailLines,
        limitBytes: opts.logMaxBytes + 1,
      });
      const { text } = cutAtBytes(raw, opts.logMaxBytes);
      return [{ heading: { key: 'action.job.failed-log', params }, text: text.replace(/\n$/, '') }];
    } catch (err) {
      const s = readApiStatus(err);
      return [
        {
          heading: { key: 'action.job.log-unavailable', params },
          text: clipReason(s?.message ?? 'unavailable'),
        },
      ];
    }
  } catch (err) {
    // The failure itself is reported either way; a runner without list pods just gets no log.
    deps.onInternalError?.(err);
    return [];
  }
}

export async function followJob(
  deps: FollowJobDeps,
  name: string,
  opts: FollowJobOptions,
  target: { readonly kind: string; readonly name: string; readonly namespace: string },
): Promise<ActionOutcome> {
  const started = Date.now();
  const deadline = started + opts.timeoutSeconds * 1000;
  let last: V1Job | undefined;
  const params = { ...target, job: name };
  const stillRunning = (): ActionOutcome => ({
    ok: false,
    summary: {
      key: 'action.job.still-running',
      params: {
        ...params,
        seconds: Math.round((Date.now() - started) / 1000),
        active: last?.status?.active ?? 0,
        failed: last?.status?.failed ?? 0,
      },
    },
  });
  for (;;) {
    if (deps.signal.aborted) return stillRunning();
    try {
      const job = await deps.batch.readNamespacedJob({ name, namespace: deps.namespace });
      last = job;
      const end = readJobEnd(job);
      if (end?.state === 'succeeded') {
        const seconds = Math.round((Date.now() - started) / 1000);
        return { ok: true, summary: { key: 'action.job.succeeded', params: { ...params, seconds } } };
      }
      if (end?.state === 'failed') {
        const blocks = await explainFailure(deps, job, opts);
        return {
          ok: false,
          summary: {
            key: 'action.job.failed',
            params: { ...params, reason: end.reason, message: end.message },
          },
          ...(blocks.length > 0 ? { blocks } : {}),
        };
      }
    } catch (err) {
      if (deps.signal.aborted) return stillRunning();
      const mapped = deps.mapError(err);
      if (!isUserFacingError(mapped)) {
        deps.onInternalError?.(err);
        return { ok: false, summary: { key: 'action.job.follow-failed', params } };
      }
      if (!TRANSIENT_KEYS.has(mapped.userMessage.key)) return { ok: false, summary: mapped.userMessage };
    }
    const left = deadline - Date.now();
    if (left <= 0) return stillRunning();
    await sleep(Math.min(deps.pollIntervalMs, left), deps.signal);
  }
}
