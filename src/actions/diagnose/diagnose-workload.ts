// The entry point for chat and (later) alerts: diagnose one workload as the runner, within a time and byte bound.
import type { V1PersistentVolumeClaim } from '@kubernetes/client-node';
import { readApiStatus } from '../../kube/api-status.ts';
import { cutAtBytes } from '../log-plan.ts';
import type { WorkloadRef } from '../types.ts';
import { readWorkload } from '../workloads.ts';
import { buildReport, classifyPods, selectPendingPods } from './build-report.ts';
import { listClaims } from './check-dependencies.ts';
import {
  readEvents,
  readOwnedPods,
  readServices,
  tryRead,
  type CallCounter,
  type DiagnoseClients,
} from './gather.ts';
import type { DiagnosedWorkload, Readable, Report, Snapshot } from './types.ts';

export interface DiagnoseLimits {
  /** Bytes of the previous container's log shown under a crash (the command's maxBytes). */
  readonly maxLogBytes: number;
  /** Lines of that log read at most. */
  readonly logTailLines?: number;
  /** Bounds every call; aborting ends the diagnosis with the signal's error. */
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
}

export interface Diagnosis {
  readonly report: Report;
  /** API calls made: bounded by a constant, whatever the number of pods. */
  readonly apiCalls: number;
}

/** PVCs read at most (the claims of pending pods). */
export const MAX_CLAIMS = 3;
export const DEFAULT_LOG_TAIL_LINES = 20;

async function readClaims(
  c: DiagnoseClients,
  counter: CallCounter,
  namespace: string,
  names: readonly string[],
  signal?: AbortSignal,
): Promise<Map<string, Readable<V1PersistentVolumeClaim | undefined>>> {
  const out = new Map<string, Readable<V1PersistentVolumeClaim | undefined>>();
  await Promise.all(
    names.slice(0, MAX_CLAIMS).map(async (name) => {
      const r = await tryRead(
        counter,
        'persistentvolumeclaims',
        () => c.core.readNamespacedPersistentVolumeClaim({ name, namespace }),
        signal,
      );
      // Not found is an answer (the claim is missing), not an unreadable claim.
      const missing = !r.ok && r.why.code === 404;
      out.set(name, missing ? { ok: true, value: undefined } : r);
    }),
  );
  return out;
}

async function readCrashLog(
  c: DiagnoseClients,
  counter: CallCounter,
  report: Report,
  limits: DiagnoseLimits,
): Promise<Report['log']> {
  const crash = report.findings.find(
    (f) => f.crashed !== undefined && f.params['reason'] !== 'OOMKilled',
  )?.crashed;
  if (!crash || limits.maxLogBytes <= 0) return undefined;
  counter.calls++;
  try {
    const raw = await c.core.readNamespacedPodLog({
      name: crash.pod,
      namespace: report.workload.namespace,
      container: crash.container,
      previous: true,
      tailLines: limits.logTailLines ?? DEFAULT_LOG_TAIL_LINES,
      limitBytes: limits.maxLogBytes + 1,
    });
    const { text, cut } = cutAtBytes(raw, limits.maxLogBytes);
    const trimmed = text.replace(/\n$/, '');
    return trimmed === '' ? undefined : { ...crash, text: trimmed, cut };
  } catch (err) {
    if (limits.signal?.aborted || readApiStatus(err) === undefined) throw err;
    return undefined;
  }
}

/**
 * Diagnoses a workload already read (chat reads it first to check the command's selector). The walk: pods,
 * ReplicaSets, events and Services in parallel; then the claims of pending pods and the crashed container's log.
 */
export async function diagnoseRead(
  w: DiagnosedWorkload,
  c: DiagnoseClients,
  limits: DiagnoseLimits,
  counter: CallCounter = { calls: 0 },
): Promise<Diagnosis> {
  const now = limits.now?.() ?? new Date();
  const namespace = w.obj.metadata?.namespace ?? '';
  const [owned, ev, services] = await Promise.all([
    readOwnedPods(c, counter, w, limits.signal),
    readEvents(c, counter, namespace, limits.signal),
    readServices(c, counter, w, limits.signal),
  ]);
  const base: Snapshot = {
    now,
    workload: w,
    pods: owned.pods,
    events: ev.events,
    services,
    ...(owned.replicaSets ? { replicaSets: owned.replicaSets } : {}),
    ...(ev.truncated ? { eventsTruncated: true } : {}),
  };
  const pods = owned.pods.ok ? owned.pods.value : [];
  const claims = listClaims(selectPendingPods(classifyPods(base, pods)));
  const pvcs = claims.length > 0 ? await readClaims(c, counter, namespace, claims, limits.signal) : undefined;
  const report = buildReport({ ...base, ...(pvcs ? { pvcs } : {}) });
  const log = await readCrashLog(c, counter, report, limits);
  return { report: log ? { ...report, log } : report, apiCalls: counter.calls };
}

/** Diagnoses `ref` from scratch: what an alert (issue 13) calls with its namespace's runner clients. */
export async function diagnoseWorkload(
  ref: WorkloadRef,
  c: DiagnoseClients,
  limits: DiagnoseLimits,
): Promise<Diagnosis> {
  const counter = { calls: 1 };
  const w = await readWorkload(c.apps, ref);
  return await diagnoseRead(w, c, limits, counter);
}
