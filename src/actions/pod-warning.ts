// Why a Deployment's rollout is stuck, as `kubectl rollout status` hints it: unschedulable pods, image or crash trouble.
import type { CoreV1Api, V1Pod } from '@kubernetes/client-node';
import { clipReason } from './explain-api-error.ts';
import { formatLabelSelector } from './label-selector.ts';
import type { Workload } from './workloads.ts';

const WAITING_REASONS = new Set([
  'ImagePullBackOff',
  'ErrImagePull',
  'CrashLoopBackOff',
  'CreateContainerConfigError',
  'CreateContainerError',
]);

/** The first warning kubectl would append: a pod the scheduler cannot place, or a container stuck waiting. */
export function findPodWarning(pods: readonly V1Pod[]): string | undefined {
  for (const pod of pods) {
    const unschedulable = pod.status?.conditions?.find(
      (c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable',
    );
    if (unschedulable) return clipReason(unschedulable.message ?? 'Unschedulable');
    for (const cs of pod.status?.containerStatuses ?? []) {
      const reason = cs.state?.waiting?.reason;
      if (reason !== undefined && WAITING_REASONS.has(reason)) {
        return clipReason(`${reason} - ${cs.state?.waiting?.message ?? ''}`.replace(/ - $/, ''));
      }
    }
  }
  return undefined;
}

/**
 * Looks the warning up for a Deployment (kubectl does it for Deployments only). Best effort, like kubectl: a runner
 * without `list pods`, or any other failure, just means no warning.
 */
export async function lookUpPodWarning(core: CoreV1Api, w: Workload): Promise<string | undefined> {
  const selector = w.obj.spec?.selector;
  const namespace = w.obj.metadata?.namespace;
  if (w.kind !== 'Deployment' || !selector || !namespace) return undefined;
  try {
    const list = await core.listNamespacedPod({ namespace, labelSelector: formatLabelSelector(selector) });
    return findPodWarning(list.items);
  } catch {
    return undefined;
  }
}
