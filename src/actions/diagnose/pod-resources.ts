// What a pod asks for: the memory limit of one container, the summed requests of all (for "cannot schedule").
import type { V1Pod } from '@kubernetes/client-node';

export function findMemoryLimit(pod: V1Pod, container: string | undefined): string | undefined {
  const all = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  const c = all.find((x) => x.name === container);
  return c?.resources?.limits?.['memory'];
}

/** `cpu 100m+200m, memory 64Gi`: the requests of the regular containers, per resource, as written. */
export function describeRequests(pod: V1Pod): string {
  const byResource = new Map<string, string[]>();
  for (const c of pod.spec?.containers ?? []) {
    for (const [k, v] of Object.entries(c.resources?.requests ?? {}))
      byResource.set(k, [...(byResource.get(k) ?? []), v]);
  }
  if (byResource.size === 0) return 'none';
  return [...byResource].map(([k, vs]) => `${k} ${vs.join('+')}`).join(', ');
}
