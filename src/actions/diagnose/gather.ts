// Reads what the walk needs as the runner, each read on its own: a 403 on one becomes "not permitted", not a failure.
import type {
  AppsV1Api,
  CoreV1Api,
  CoreV1Event,
  V1Pod,
  V1ReplicaSet,
  V1Service,
} from '@kubernetes/client-node';
import { readApiStatus } from '../../kube/api-status.ts';
import type { GetJson } from '../../kube/raw-request.ts';
import { formatLabelSelector, matchesLabelSelector } from '../label-selector.ts';
import { isControlledBy } from '../revisions.ts';
import type { DiagnosedWorkload, EndpointSliceLite, Readable, ServiceEndpoints } from './types.ts';

export interface DiagnoseClients {
  readonly apps: AppsV1Api;
  readonly core: CoreV1Api;
  readonly getJson: GetJson;
}

/** One page of events; more are not read (the report says so) so that a noisy namespace cannot slow diagnosis down. */
export const EVENTS_PAGE = 1000;
/** Services checked for endpoints, at most. */
export const MAX_SERVICES = 5;

/** Counts the API calls of one diagnosis (benchmarks, and the bound the design promises). */
export interface CallCounter {
  calls: number;
}

/**
 * Runs one read. A refusal (403) or any other API error becomes an unreadable result naming the resource; only
 * an aborted signal (timeout, shutdown) is rethrown, since then nothing further can be read anyway.
 */
export async function tryRead<T>(
  counter: CallCounter,
  resource: string,
  read: () => Promise<T>,
  signal?: AbortSignal,
): Promise<Readable<T>> {
  counter.calls++;
  try {
    return { ok: true, value: await read() };
  } catch (err) {
    if (signal?.aborted) throw err;
    const status = readApiStatus(err);
    if (status === undefined) throw err;
    return {
      ok: false,
      why: { reason: status.code === 403 ? 'forbidden' : 'failed', resource, code: status.code },
    };
  }
}

export async function readOwnedPods(
  c: DiagnoseClients,
  counter: CallCounter,
  w: DiagnosedWorkload,
  signal?: AbortSignal,
): Promise<{ pods: Readable<readonly V1Pod[]>; replicaSets?: Readable<readonly V1ReplicaSet[]> }> {
  const namespace = w.obj.metadata?.namespace ?? '';
  const selector = w.obj.spec?.selector;
  if (!selector) return { pods: { ok: true, value: [] } };
  const labelSelector = formatLabelSelector(selector);
  const uid = w.obj.metadata?.uid;
  const podsP = tryRead(
    counter,
    'pods',
    async () => (await c.core.listNamespacedPod({ namespace, labelSelector })).items,
    signal,
  );
  if (w.kind !== 'Deployment') {
    const pods = await podsP;
    return {
      pods: pods.ok ? { ok: true, value: pods.value.filter((p) => isControlledBy(p.metadata, uid)) } : pods,
    };
  }
  const [pods, sets] = await Promise.all([
    podsP,
    tryRead(
      counter,
      'replicasets',
      async () => (await c.apps.listNamespacedReplicaSet({ namespace, labelSelector })).items,
      signal,
    ),
  ]);
  const owned = sets.ok ? sets.value.filter((rs) => isControlledBy(rs.metadata, uid)) : [];
  const replicaSets: Readable<readonly V1ReplicaSet[]> = sets.ok ? { ok: true, value: owned } : sets;
  if (!pods.ok) return { pods, replicaSets };
  // Without ReplicaSets the selector alone decides (better some evidence than none; the report names the gap).
  if (!sets.ok) return { pods, replicaSets };
  const owners = new Set(owned.map((rs) => rs.metadata?.uid));
  const mine = pods.value.filter((p) =>
    (p.metadata?.ownerReferences ?? []).some((o) => o.controller === true && owners.has(o.uid)),
  );
  return { pods: { ok: true, value: mine }, replicaSets };
}

export async function readEvents(
  c: DiagnoseClients,
  counter: CallCounter,
  namespace: string,
  signal?: AbortSignal,
): Promise<{ events: Readable<readonly CoreV1Event[]>; truncated: boolean }> {
  let truncated = false;
  const events = await tryRead(
    counter,
    'events',
    async () => {
      const list = await c.core.listNamespacedEvent({ namespace, limit: EVENTS_PAGE });
      truncated = Boolean(list.metadata?._continue);
      return list.items;
    },
    signal,
  );
  return { events, truncated };
}

/** Services of the namespace whose selector picks the workload's pods, each with its EndpointSlices. */
export async function readServices(
  c: DiagnoseClients,
  counter: CallCounter,
  w: DiagnosedWorkload,
  signal?: AbortSignal,
): Promise<Readable<readonly ServiceEndpoints[]>> {
  const namespace = w.obj.metadata?.namespace ?? '';
  const podLabels = w.obj.spec?.template?.metadata?.labels ?? {};
  const list = await tryRead(
    counter,
    'services',
    async () => (await c.core.listNamespacedService({ namespace })).items,
    signal,
  );
  if (!list.ok) return list;
  const selecting = list.value
    .filter((svc: V1Service) => {
      const sel = svc.spec?.selector;
      return (
        sel !== undefined &&
        Object.keys(sel).length > 0 &&
        matchesLabelSelector({ matchLabels: sel }, podLabels)
      );
    })
    .slice(0, MAX_SERVICES);
  const out = await Promise.all(
    selecting.map(async (service): Promise<ServiceEndpoints> => {
      const name = service.metadata?.name ?? '';
      const slices = await tryRead(
        counter,
        'endpointslices.discovery.k8s.io',
        async () => {
          const body = (await c.getJson(`/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices`, {
            labelSelector: `kubernetes.io/service-name=${name}`,
          })) as { items?: EndpointSliceLite[] };
          return body.items ?? [];
        },
        signal,
      );
      return { service, slices };
    }),
  );
  return { ok: true, value: out };
}
