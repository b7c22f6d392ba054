// Dependencies of the pods: PersistentVolumeClaims stuck before binding, Services without ready endpoints.
import type { CoreV1Event, V1PersistentVolumeClaim, V1Pod } from '@kubernetes/client-node';
import { formatEvent, oneLine, selectEvents } from './event-time.ts';
import type { Finding, ServiceEndpoints, Snapshot } from './types.ts';

const CLAIM_EVENTS = [
  'ProvisioningFailed',
  'FailedBinding',
  'ExternalProvisioning',
  'Provisioning',
  'WaitForFirstConsumer',
];

/** Claim names of the given pods (what a pending pod waits for), in order, without repeats. */
export function listClaims(pods: readonly V1Pod[]): string[] {
  const names = pods.flatMap((p) => (p.spec?.volumes ?? []).map((v) => v.persistentVolumeClaim?.claimName));
  return [...new Set(names.filter((n): n is string => n !== undefined))];
}

function checkClaim(
  name: string,
  pvc: V1PersistentVolumeClaim | undefined,
  pods: readonly string[],
  events: readonly CoreV1Event[],
  now: Date,
): Finding | undefined {
  if (pvc === undefined) {
    return {
      cause: 'pvc-missing',
      stage: 'volume-claim',
      params: { claim: name },
      pods,
      evidence: [],
      dependency: { kind: 'PersistentVolumeClaim', name },
    };
  }
  const phase = pvc.status?.phase ?? 'Pending';
  if (phase === 'Bound') return undefined;
  const own = selectEvents(events, { kind: 'PersistentVolumeClaim', name, uid: pvc.metadata?.uid }).filter(
    (e) => CLAIM_EVENTS.includes(e.reason ?? ''),
  );
  const storageClass = pvc.spec?.storageClassName ?? 'none';
  return {
    cause: phase === 'Lost' ? 'pvc-lost' : 'pvc-pending',
    stage: 'volume-claim',
    params: { claim: name, storageClass, phase },
    pods,
    evidence: [
      oneLine(`PersistentVolumeClaim ${name}: phase ${phase}, storageClassName ${storageClass}`),
      ...own.slice(0, 3).map((e) => formatEvent(e, now)),
    ],
    dependency: { kind: 'PersistentVolumeClaim', name },
  };
}

export function checkClaims(
  s: Snapshot,
  pendingPods: readonly V1Pod[],
  events: readonly CoreV1Event[],
): Finding[] {
  const out: Finding[] = [];
  for (const name of listClaims(pendingPods)) {
    const read = s.pvcs?.get(name);
    if (!read?.ok) continue;
    const users = pendingPods
      .filter((p) => listClaims([p]).includes(name))
      .map((p) => p.metadata?.name ?? '');
    const f = checkClaim(name, read.value, users, events, s.now);
    if (f) out.push(f);
  }
  return out;
}

function countReady(se: ServiceEndpoints): { ready: number; total: number } | undefined {
  if (!se.slices.ok) return undefined;
  const eps = se.slices.value.flatMap((sl) => sl.endpoints ?? []);
  // EndpointSlice semantics: a missing `ready` means ready.
  return { ready: eps.filter((e) => e.conditions?.ready !== false).length, total: eps.length };
}

export function checkServices(services: readonly ServiceEndpoints[]): Finding[] {
  const out: Finding[] = [];
  for (const se of services) {
    const counts = countReady(se);
    const name = se.service.metadata?.name ?? '';
    if (!counts || counts.ready > 0) continue;
    out.push({
      cause: 'service-no-endpoints',
      stage: 'service',
      params: { service: name, total: counts.total },
      pods: [],
      evidence: [
        oneLine(`Service ${name}: ${counts.ready} ready of ${counts.total} endpoints (EndpointSlices)`),
      ],
      dependency: { kind: 'Service', name },
    });
  }
  return out;
}
