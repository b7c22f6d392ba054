// The API path of a workload, for raw reads of the whole object.
import type { WorkloadRef } from '../types.ts';

const RESOURCES = {
  Deployment: 'apps/v1/namespaces/{ns}/deployments',
  StatefulSet: 'apps/v1/namespaces/{ns}/statefulsets',
  DaemonSet: 'apps/v1/namespaces/{ns}/daemonsets',
  CronJob: 'batch/v1/namespaces/{ns}/cronjobs',
} as const;

export function targetPath(ref: WorkloadRef): string {
  const base = RESOURCES[ref.kind].replace('{ns}', encodeURIComponent(ref.namespace));
  return `/apis/${base}/${encodeURIComponent(ref.name)}`;
}
