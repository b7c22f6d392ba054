// One pod, classified in the fixed order image pull → config → crash loop → recent crash → pending → not ready.
import type { CoreV1Event, V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { formatEvent, oneLine, toMillis } from './event-time.ts';
import { classifySignals, type Signal } from './rules.ts';
import { describeRequests, findMemoryLimit } from './pod-resources.ts';
import type { DependencyRef, Stage } from './types.ts';

/** A container that terminated this recently (and runs again now) counts as a recent crash (Robusta's window). */
export const RECENT_CRASH_MS = 15 * 60_000;
/**
 * A pod this young that is pending or unready without any event saying why is still starting (a rollout in
 * progress), not stuck: it gets no verdict rather than "cannot determine".
 */
export const STARTING_GRACE_MS = 2 * 60_000;

const PULL_WAITING = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);
const CONFIG_WAITING = new Set([
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
  'PreStartHookError',
  'PostStartHookError',
]);

export interface PodVerdict {
  readonly stage: Stage;
  /** Undefined: the pod is in this stage but no rule could name why (events expired or unreadable). */
  readonly cause?: string;
  readonly params: Readonly<Record<string, string | number>>;
  readonly evidence: readonly string[];
  readonly dependency?: DependencyRef;
  readonly crashed?: { readonly container: string };
}

function statusesOf(pod: V1Pod): V1ContainerStatus[] {
  return [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
}

function waitingSignals(pod: V1Pod, reasons: ReadonlySet<string>): Signal[] {
  return statusesOf(pod)
    .filter((cs) => reasons.has(cs.state?.waiting?.reason ?? ''))
    .map((cs) => ({
      source: 'waiting',
      reason: cs.state?.waiting?.reason ?? '',
      message: cs.state?.waiting?.message ?? '',
      container: cs.name,
    }));
}

function eventSignals(events: readonly CoreV1Event[], reasons: readonly string[]): Signal[] {
  return events
    .filter((e) => reasons.includes(e.reason ?? ''))
    .map((e) => ({ source: 'event', reason: e.reason ?? '', message: e.message ?? '' }));
}

function terminatedSignal(cs: V1ContainerStatus): Signal {
  const t = cs.lastState?.terminated;
  return {
    source: 'last-terminated',
    reason: t?.reason ?? 'Unknown',
    message: t?.message ?? '',
    container: cs.name,
    ...(t?.exitCode !== undefined ? { exitCode: t.exitCode } : {}),
  };
}

function isUnscheduled(pod: V1Pod): boolean {
  const cond = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  return cond?.status === 'False' || (!pod.spec?.nodeName && pod.status?.phase === 'Pending');
}

function schedulerSignals(pod: V1Pod, events: readonly CoreV1Event[]): Signal[] {
  const fromEvents: Signal[] = events
    .filter((e) => e.reason === 'FailedScheduling')
    .map((e) => ({ source: 'scheduler', reason: 'FailedScheduling', message: e.message ?? '' }));
  const cond = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  const fromCondition: Signal[] = cond
    ? [{ source: 'scheduler', reason: cond.reason ?? 'Unschedulable', message: cond.message ?? '' }]
    : [];
  return [...fromEvents, ...fromCondition];
}

/** The signals of each stage, in priority order; an empty list means the pod is not in that stage. */
function collectSignals(pod: V1Pod, events: readonly CoreV1Event[], now: Date): Array<[Stage, Signal[]]> {
  const pulling = waitingSignals(pod, PULL_WAITING);
  const config = waitingSignals(pod, CONFIG_WAITING);
  const statuses = statusesOf(pod);
  const looping = statuses.filter((cs) => cs.state?.waiting?.reason === 'CrashLoopBackOff');
  const recent = statuses.filter((cs) => {
    const t = cs.lastState?.terminated;
    const finished = toMillis(t?.finishedAt);
    const failed = t !== undefined && (t.exitCode !== 0 || t.reason === 'OOMKilled');
    return (
      failed && finished !== undefined && now.getTime() - finished <= RECENT_CRASH_MS && !looping.includes(cs)
    );
  });
  const creating = statuses.some((cs) => cs.state?.waiting?.reason === 'ContainerCreating');
  const pending = pod.status?.phase === 'Pending';
  const notReady =
    pod.status?.phase === 'Running' && (pod.status.containerStatuses ?? []).some((cs) => cs.ready !== true);
  const out: Array<[Stage, Signal[]]> = [];
  if (pulling.length > 0) out.push(['image-pull', [...eventSignals(events, ['Failed']), ...pulling]]);
  const mountEvents = pending && creating ? eventSignals(events, ['FailedMount']) : [];
  if (config.length > 0 || mountEvents.length > 0)
    out.push([
      'container-config',
      [...config, ...mountEvents, ...(config.length > 0 ? eventSignals(events, ['Failed']) : [])],
    ]);
  if (looping.length > 0) out.push(['crash-loop', looping.map(terminatedSignal)]);
  if (recent.length > 0) out.push(['recent-crash', recent.map(terminatedSignal)]);
  if (pending && isUnscheduled(pod)) out.push(['pending', schedulerSignals(pod, events)]);
  else if (pending && creating)
    out.push([
      'pending',
      eventSignals(events, ['FailedMount', 'FailedAttachVolume', 'FailedCreatePodSandBox']),
    ]);
  if (notReady && looping.length === 0) out.push(['not-ready', eventSignals(events, ['Unhealthy'])]);
  return out;
}

function dependencyOf(cause: string, groups: Record<string, string>): DependencyRef | undefined {
  const ref = groups['ref'];
  if (ref === undefined) return undefined;
  if (cause.startsWith('configmap-')) return { kind: 'ConfigMap', name: ref };
  if (cause.startsWith('secret-')) return { kind: 'Secret', name: ref };
  return undefined;
}

/** Parameters only the pod spec/status can supply: memory limit of an OOMKilled container, requests of a pending pod. */
function extraParams(pod: V1Pod, stage: Stage, signal: Signal): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  if (signal.container !== undefined) out['container'] = signal.container;
  if (signal.exitCode !== undefined) out['exitCode'] = signal.exitCode;
  if (stage === 'crash-loop' || stage === 'recent-crash') {
    out['exitCode'] = signal.exitCode ?? '?';
    out['reason'] = signal.reason;
    out['limit'] = findMemoryLimit(pod, signal.container) ?? 'none';
    const cs = statusesOf(pod).find((c) => c.name === signal.container);
    out['restarts'] = cs?.restartCount ?? 0;
  }
  if (stage === 'pending') out['requests'] = describeRequests(pod);
  if (stage === 'image-pull') {
    const container = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find(
      (c) => c.name === (signal.container ?? waitingSignals(pod, PULL_WAITING)[0]?.container),
    );
    out['image'] = container?.image ?? '';
  }
  return out;
}

function evidenceOf(
  signal: Signal,
  events: readonly CoreV1Event[],
  reasons: readonly string[],
  now: Date,
): string[] {
  const lines: string[] = [];
  if (signal.source === 'waiting' || signal.source === 'last-terminated') {
    const code = signal.exitCode !== undefined ? ` (exit code ${signal.exitCode})` : '';
    const head = signal.source === 'waiting' ? 'waiting' : 'last terminated';
    lines.push(
      oneLine(
        `${signal.container ?? ''}: ${head} ${signal.reason}${code}${signal.message ? `: ${signal.message}` : ''}`,
      ),
    );
  } else if (signal.source === 'scheduler' && !events.some((e) => e.reason === 'FailedScheduling')) {
    lines.push(oneLine(`PodScheduled=False ${signal.reason}: ${signal.message}`));
  }
  // All recent events of the stage's kinds, not only the latest one: a newer unrelated event must not hide them.
  for (const e of events.filter((ev) => reasons.includes(ev.reason ?? '')).slice(0, 3))
    lines.push(formatEvent(e, now));
  return lines;
}

const STAGE_EVENT_REASONS: Readonly<Record<string, readonly string[]>> = {
  'image-pull': ['Failed', 'BackOff'],
  'container-config': ['Failed', 'FailedMount'],
  'crash-loop': ['BackOff', 'Killing'],
  'recent-crash': ['Killing'],
  pending: ['FailedScheduling', 'FailedMount', 'FailedAttachVolume', 'FailedCreatePodSandBox'],
  'not-ready': ['Unhealthy'],
};

/**
 * The pod's verdict: the first stage (in walk order) the pod is in, and the first rule of that stage that names a
 * cause. Undefined for a pod with nothing wrong. `events` are the pod's own events, newest first.
 */
export function classifyPod(pod: V1Pod, events: readonly CoreV1Event[], now: Date): PodVerdict | undefined {
  const [first] = collectSignals(pod, events, now);
  if (!first) return undefined;
  const [stage, signals] = first;
  const reasons = STAGE_EVENT_REASONS[stage] ?? [];
  const hit = classifySignals(stage, signals);
  if (!hit) {
    const created = toMillis(pod.metadata?.creationTimestamp);
    if (created !== undefined && now.getTime() - created < STARTING_GRACE_MS) return undefined;
    const evidence = events
      .filter((e) => reasons.includes(e.reason ?? ''))
      .slice(0, 3)
      .map((e) => formatEvent(e, now));
    return { stage, params: {}, evidence };
  }
  const dependency = dependencyOf(hit.rule.id, hit.groups);
  const crashed = (stage === 'crash-loop' || stage === 'recent-crash') && hit.signal.container !== undefined;
  return {
    stage,
    cause: hit.rule.id,
    params: { ...hit.groups, ...extraParams(pod, stage, hit.signal) },
    evidence: evidenceOf(hit.signal, events, reasons, now),
    ...(dependency ? { dependency } : {}),
    ...(crashed ? { crashed: { container: hit.signal.container ?? '' } } : {}),
  };
}
