// The two writes of leader election on a Lease: acquire-or-renew (a compare-and-swap on resourceVersion) and
// release on shutdown. Expiry is judged on *our* clock, from when we saw the holder's renewTime change.
import { V1MicroTime, type CoordinationV1Api, type V1Lease, type V1LeaseSpec } from '@kubernetes/client-node';
import { apiStatusCode } from '../kube/api-status.ts';

export interface LeaseRef {
  readonly namespace: string;
  readonly name: string;
  readonly identity: string;
  readonly durationSeconds: number;
}

/** What we last saw of someone else's Lease, and when (on our clock) we saw it change. */
export interface Observed {
  holder: string;
  renew: string;
  at: number;
}

function specFor(ref: LeaseRef, transitions: number, acquire?: V1MicroTime): V1LeaseSpec {
  return {
    holderIdentity: ref.identity,
    leaseDurationSeconds: ref.durationSeconds,
    acquireTime: acquire ?? new V1MicroTime(),
    renewTime: new V1MicroTime(),
    leaseTransitions: transitions,
  };
}

/** True when we hold the Lease after this call; false while another holder's lease is still running. */
export async function acquireOrRenew(
  api: CoordinationV1Api,
  ref: LeaseRef,
  seen: { observed?: Observed },
  now: number,
): Promise<boolean> {
  let lease: V1Lease;
  try {
    lease = await api.readNamespacedLease({ name: ref.name, namespace: ref.namespace });
  } catch (err) {
    if (apiStatusCode(err) !== 404) throw err;
    await api.createNamespacedLease({
      namespace: ref.namespace,
      body: { metadata: { name: ref.name, namespace: ref.namespace }, spec: specFor(ref, 0) },
    });
    return true;
  }
  const holder = lease.spec?.holderIdentity ?? '';
  const renew = lease.spec?.renewTime ? new Date(lease.spec.renewTime).toISOString() : '';
  if (holder !== ref.identity && holder !== '') {
    const o = seen.observed;
    if (!o || o.holder !== holder || o.renew !== renew) seen.observed = { holder, renew, at: now };
    const duration = (lease.spec?.leaseDurationSeconds ?? ref.durationSeconds) * 1000;
    if (now - (seen.observed?.at ?? now) < duration) return false;
  }
  const mine = holder === ref.identity;
  const transitions = (lease.spec?.leaseTransitions ?? 0) + (mine ? 0 : 1);
  const acquire = mine && lease.spec?.acquireTime ? new V1MicroTime(lease.spec.acquireTime) : undefined;
  // resourceVersion makes this a compare-and-swap: two standbys cannot both take over.
  await api.replaceNamespacedLease({
    name: ref.name,
    namespace: ref.namespace,
    body: {
      metadata: { ...lease.metadata, name: ref.name, namespace: ref.namespace },
      spec: specFor(ref, transitions, acquire),
    },
  });
  return true;
}

/** Gives the Lease up (holder cleared, one-second duration) when it is still ours. */
export async function releaseLease(api: CoordinationV1Api, ref: LeaseRef): Promise<void> {
  const lease = await api.readNamespacedLease({ name: ref.name, namespace: ref.namespace });
  if (lease.spec?.holderIdentity !== ref.identity) return;
  await api.replaceNamespacedLease({
    name: ref.name,
    namespace: ref.namespace,
    body: {
      metadata: lease.metadata ?? { name: ref.name },
      spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1 },
    },
  });
}
