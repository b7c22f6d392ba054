// One phone-width row per pod, as `kubectl get pods` shows it, plus the last termination reason when there is one (pure).
import type { V1Pod } from '@kubernetes/client-node';
import { formatAge } from './format-age.ts';

export interface PodRow {
  readonly name: string;
  readonly ready: string;
  readonly status: string;
  readonly restarts: number;
  readonly age: string;
  readonly node: string;
  /** e.g. "OOMKilled (exit 137) 4m ago"; undefined when no container has terminated before. */
  readonly lastTermination?: string;
}

/** kubectl's STATUS: Terminating, a container's waiting/terminated reason, the pod's reason, else its phase. */
export function describePodStatus(pod: V1Pod): string {
  if (pod.metadata?.deletionTimestamp) return 'Terminating';
  for (const cs of pod.status?.containerStatuses ?? []) {
    const reason = cs.state?.waiting?.reason ?? cs.state?.terminated?.reason;
    if (reason !== undefined && reason !== 'Completed' && cs.ready !== true) return reason;
  }
  return pod.status?.reason ?? pod.status?.phase ?? 'Unknown';
}

function describeLastTermination(pod: V1Pod, now: Date): string | undefined {
  let best: { at: number; text: string } | undefined;
  for (const cs of pod.status?.containerStatuses ?? []) {
    const t = cs.lastState?.terminated;
    if (!t) continue;
    const at = t.finishedAt?.getTime() ?? 0;
    const ago = at > 0 ? ` ${formatAge((now.getTime() - at) / 1000)} ago` : '';
    const text = `${cs.name}: ${t.reason ?? 'Terminated'} (exit ${t.exitCode})${ago}`;
    if (!best || at > best.at) best = { at, text };
  }
  return best?.text;
}

export function toPodRow(pod: V1Pod, now: Date): PodRow {
  const statuses = pod.status?.containerStatuses ?? [];
  const total = pod.spec?.containers.length ?? statuses.length;
  const ready = statuses.filter((s) => s.ready).length;
  const created = pod.metadata?.creationTimestamp?.getTime();
  const last = describeLastTermination(pod, now);
  return {
    name: pod.metadata?.name ?? '',
    ready: `${ready}/${total}`,
    status: describePodStatus(pod),
    restarts: statuses.reduce((n, s) => n + (s.restartCount ?? 0), 0),
    age: created === undefined ? '-' : formatAge((now.getTime() - created) / 1000),
    node: pod.spec?.nodeName ?? '-',
    ...(last !== undefined ? { lastTermination: last } : {}),
  };
}
