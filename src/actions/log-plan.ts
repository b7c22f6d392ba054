// Which pods and containers a logs request reads, and how the byte budget is shared and enforced (pure).
import type { V1Pod } from '@kubernetes/client-node';
import { compareText } from '../lib/compare-text.ts';

export const MAX_LOG_PODS = 5;
export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

/** Newest first (then by name, for a stable order), at most `max`. */
export function pickNewestPods(pods: readonly V1Pod[], max = MAX_LOG_PODS): V1Pod[] {
  const created = (p: V1Pod): number => p.metadata?.creationTimestamp?.getTime() ?? 0;
  return [...pods]
    .sort((a, b) => created(b) - created(a) || compareText(a.metadata?.name ?? '', b.metadata?.name ?? ''))
    .slice(0, max);
}

export function listContainerNames(pod: V1Pod): { containers: string[]; initContainers: string[] } {
  return {
    containers: (pod.spec?.containers ?? []).map((c) => c.name),
    initContainers: (pod.spec?.initContainers ?? []).map((c) => c.name),
  };
}

/**
 * The container to read, as kubectl chooses it: the requested one (regular or init container), else the
 * `kubectl.kubernetes.io/default-container` annotation when it names a container, else the first container.
 * Undefined when the requested container is not in the pod.
 */
export function pickContainer(pod: V1Pod, requested: string | undefined): string | undefined {
  const { containers, initContainers } = listContainerNames(pod);
  if (requested !== undefined)
    return containers.includes(requested) || initContainers.includes(requested) ? requested : undefined;
  const annotated = pod.metadata?.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  if (annotated !== undefined && containers.includes(annotated)) return annotated;
  return containers[0];
}

/** Each pod's share of the byte budget; at least one byte, so every pod is asked. */
export function splitByteBudget(maxBytes: number, pods: number): number {
  if (pods <= 0) return 0;
  return Math.max(1, Math.floor(maxBytes / pods));
}

/**
 * Cuts `text` to at most `limit` UTF-8 bytes without splitting a character. `cut` says whether anything was dropped:
 * callers ask the API server for `limit + 1` bytes so that a log of exactly `limit` bytes is not reported as cut.
 */
export function cutAtBytes(text: string, limit: number): { text: string; cut: boolean } {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= limit) return { text, cut: false };
  let end = limit;
  // Step back over UTF-8 continuation bytes (10xxxxxx) so the cut lands on a character boundary.
  while (end > 0 && ((buf[end] ?? 0) & 0xc0) === 0x80) end--;
  return { text: buf.subarray(0, end).toString('utf8'), cut: true };
}
