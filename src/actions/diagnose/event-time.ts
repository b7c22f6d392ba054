// When an event last happened, from every field that may carry it, and an object's events newest first.
import type { CoreV1Event } from '@kubernetes/client-node';

/** Milliseconds of a timestamp that the typed client gives as a Date and plain JSON as a string. */
export function toMillis(v: Date | string | undefined | null): number | undefined {
  if (v === undefined || v === null) return undefined;
  const ms = v instanceof Date ? v.getTime() : Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The true latest time of an event. core/v1 writers set `lastTimestamp`; events.k8s.io/v1 writers (the scheduler,
 * newer kubelets) leave it empty and set `eventTime`, and a repeated event moves `series.lastObservedTime` only.
 * Taking the largest of all of them is what k8sgpt's "latest by lastTimestamp" misses.
 */
export function computeLatestTime(e: CoreV1Event): number {
  const times = [
    toMillis(e.lastTimestamp),
    toMillis(e.eventTime as Date | string | undefined),
    toMillis(e.series?.lastObservedTime as Date | string | undefined),
    toMillis(e.firstTimestamp),
    toMillis(e.metadata.creationTimestamp),
  ].filter((t): t is number => t !== undefined);
  return times.length === 0 ? 0 : Math.max(...times);
}

/** How many times the event happened (`count` or `series.count`), at least 1. */
export function countOccurrences(e: CoreV1Event): number {
  return Math.max(1, e.series?.count ?? 0, e.count ?? 0);
}

export interface ObjectKey {
  readonly kind: string;
  readonly name: string;
  readonly uid?: string | undefined;
}

/**
 * All events about one object, newest first. Matched by uid when both sides have one (a re-created object with the
 * same name is another object), else by kind and name.
 */
export function selectEvents(events: readonly CoreV1Event[], obj: ObjectKey): CoreV1Event[] {
  return events
    .filter((e) => {
      const io = e.involvedObject;
      if (io.kind !== obj.kind || io.name !== obj.name) return false;
      return obj.uid === undefined || io.uid === undefined || io.uid === '' || io.uid === obj.uid;
    })
    .sort((a, b) => computeLatestTime(b) - computeLatestTime(a));
}

/** One evidence line: `Warning Unhealthy (×12, 2m ago): Readiness probe failed: …`. */
export function formatEvent(e: CoreV1Event, now: Date): string {
  const count = countOccurrences(e);
  const ago = formatAgo(now.getTime() - computeLatestTime(e));
  const times = count > 1 ? `×${count}, ` : '';
  return `${e.type ?? 'Normal'} ${e.reason ?? ''} (${times}${ago} ago): ${oneLine(e.message ?? '')}`;
}

export function formatAgo(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  if (s < 172_800) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86_400)}d`;
}

/** Cluster text on one line, at most `max` characters: evidence must not be able to flood the reply. */
export function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
