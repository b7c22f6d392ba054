// Picks and renders Warning events of a workload and what it owns, newest first, short enough for a phone (pure).
import type { CoreV1Event } from '@kubernetes/client-node';
import { clipReason } from './explain-api-error.ts';
import { formatAge } from './format-age.ts';

const MESSAGE_MAX = 200;

/** The objects whose events count as the workload's: by uid, plus pods already gone (by name prefix). */
export interface EventScope {
  readonly uids: ReadonlySet<string>;
  /** Pod name prefixes (`<replicaset>-`, `<statefulset>-`, `<daemonset>-`) for pods that no longer exist. */
  readonly podPrefixes: readonly string[];
}

/** When the event last happened, however the reporter wrote it (events.k8s.io series, core lastTimestamp, …). */
export function lastSeen(e: CoreV1Event): number {
  const t =
    e.series?.lastObservedTime ??
    e.lastTimestamp ??
    e.eventTime ??
    e.firstTimestamp ??
    e.metadata.creationTimestamp;
  return t ? new Date(t).getTime() : 0;
}

export function inScope(e: CoreV1Event, scope: EventScope): boolean {
  const o = e.involvedObject;
  if (o.uid !== undefined && scope.uids.has(o.uid)) return true;
  return o.kind === 'Pod' && scope.podPrefixes.some((p) => (o.name ?? '').startsWith(p));
}

export function selectEvents(
  events: readonly CoreV1Event[],
  scope: EventScope,
  since: number,
  max: number,
): { shown: CoreV1Event[]; total: number } {
  const kept = events
    .filter((e) => e.type === 'Warning' && lastSeen(e) >= since && inScope(e, scope))
    .sort((a, b) => lastSeen(b) - lastSeen(a));
  return { shown: kept.slice(0, max), total: kept.length };
}

/** Two lines per event: when, what and how often; then the message, clipped. */
export function renderEvents(events: readonly CoreV1Event[], now: Date): string {
  return events
    .map((e) => {
      const age = formatAge((now.getTime() - lastSeen(e)) / 1000);
      const count = e.series?.count ?? e.count ?? 1;
      const times = count > 1 ? ` ×${count}` : '';
      const head = `${age} ${e.involvedObject.kind ?? ''}/${e.involvedObject.name ?? ''} ${e.reason ?? ''}${times}`;
      return `${head}\n  ${clipReason(e.message ?? '', MESSAGE_MAX)}`;
    })
    .join('\n');
}
