// The pure core: a Snapshot in, one Report per workload out (causes ranked, pods as evidence, unknowns named).
import type { V1Pod } from '@kubernetes/client-node';
import { checkClaims, checkServices } from './check-dependencies.ts';
import { checkReplicaFailure, checkRollout, countReplicas, findCurrentReplicaSet } from './check-workload.ts';
import { classifyPod, type PodVerdict } from './classify-pod.ts';
import { selectEvents } from './event-time.ts';
import type { Finding, Readable, Report, Snapshot, Stage, Unknown } from './types.ts';
import { compareText } from '../../lib/compare-text.ts';

/** Root causes before their symptoms: a stuck claim explains a pending pod, a crash explains a missed deadline. */
const CAUSE_RANK: readonly Stage[] = [
  'volume-claim',
  'replica-failure',
  'image-pull',
  'container-config',
  'crash-loop',
  'recent-crash',
  'pending',
  'not-ready',
  'service',
  'rollout',
  'replicas',
];

/** Evidence of at most this many pods per cause; the rest are only counted. */
export const EVIDENCE_PODS = 1;

export interface PodVerdicts {
  readonly pods: readonly V1Pod[];
  readonly verdicts: ReadonlyMap<string, PodVerdict>;
}

function readValue<T>(r: Readable<T> | undefined, fallback: T, unknowns: Unknown[]): T {
  if (r === undefined || r.ok) return r?.value ?? fallback;
  unknowns.push({
    kind: r.why.reason === 'forbidden' ? 'not-permitted' : 'read-failed',
    resource: r.why.resource,
  });
  return fallback;
}

/** Every pod's verdict (pods with nothing wrong have none), oldest pods last so evidence comes from the newest. */
export function classifyPods(s: Snapshot, pods: readonly V1Pod[]): PodVerdicts {
  const events = s.events.ok ? s.events.value : [];
  const verdicts = new Map<string, PodVerdict>();
  for (const pod of pods) {
    const name = pod.metadata?.name ?? '';
    const v = classifyPod(pod, selectEvents(events, { kind: 'Pod', name, uid: pod.metadata?.uid }), s.now);
    if (v) verdicts.set(name, v);
  }
  return { pods, verdicts };
}

/** One finding per cause, listing every pod that shows it; evidence from the first (newest) of them. */
function groupVerdicts(pv: PodVerdicts): { findings: Finding[]; undetermined: Map<Stage, string[]> } {
  const byCause = new Map<string, { verdict: PodVerdict; pods: string[] }>();
  const undetermined = new Map<Stage, string[]>();
  for (const [pod, v] of pv.verdicts) {
    if (v.cause === undefined) {
      undetermined.set(v.stage, [...(undetermined.get(v.stage) ?? []), pod]);
      continue;
    }
    const key = `${v.cause}/${v.dependency?.name ?? ''}/${v.params['container'] ?? ''}`;
    const entry = byCause.get(key) ?? { verdict: v, pods: [] };
    entry.pods.push(pod);
    byCause.set(key, entry);
  }
  const findings = [...byCause.values()].map(({ verdict: v, pods }): Finding => ({
    cause: v.cause ?? '',
    stage: v.stage,
    params: v.params,
    pods,
    evidence: v.evidence,
    ...(v.dependency ? { dependency: v.dependency } : {}),
    ...(v.crashed && pods[0] !== undefined
      ? { crashed: { pod: pods[0], container: v.crashed.container } }
      : {}),
  }));
  return { findings, undetermined };
}

function newestFirst(pods: readonly V1Pod[]): V1Pod[] {
  const t = (p: V1Pod): number => new Date(p.metadata?.creationTimestamp ?? 0).getTime();
  return [...pods].sort((a, b) => t(b) - t(a) || compareText(a.metadata?.name ?? '', b.metadata?.name ?? ''));
}

/** The pods in the "pending" stage: their claims are the ones worth reading. */
export function selectPendingPods(pv: PodVerdicts): V1Pod[] {
  return pv.pods.filter((p) => pv.verdicts.get(p.metadata?.name ?? '')?.stage === 'pending');
}

function rank(f: Finding): number {
  return CAUSE_RANK.indexOf(f.stage) * 10_000 - f.pods.length;
}

export function buildReport(s: Snapshot): Report {
  const unknowns: Unknown[] = [];
  const w = s.workload;
  const events = readValue(s.events, [], unknowns);
  const sets = readValue(s.replicaSets, [], unknowns);
  const pods = newestFirst(readValue(s.pods, [], unknowns));
  const services = readValue(s.services, [], unknowns);
  for (const r of s.pvcs?.values() ?? []) readValue(r, undefined, unknowns);
  for (const se of services) readValue(se.slices, [], unknowns);
  if (s.eventsTruncated) unknowns.push({ kind: 'events-truncated' });

  const pv = classifyPods(s, pods);
  const grouped = groupVerdicts(pv);
  const findings: Finding[] = [
    ...checkRollout(w),
    ...checkReplicaFailure(w, findCurrentReplicaSet(w, sets), events, s.now),
    ...grouped.findings,
    ...checkClaims(s, selectPendingPods(pv), events),
    ...checkServices(services),
  ];
  if (s.events.ok) {
    for (const [stage, names] of grouped.undetermined)
      unknowns.push({ kind: 'events-expired', pods: names, state: stage });
  }
  const replicas = countReplicas(w);
  const unavailable = replicas.desired - replicas.available;
  if (findings.length === 0 && unknowns.length === 0 && unavailable > 0) {
    findings.push({
      cause: 'replicas-unavailable',
      stage: 'replicas',
      params: { unavailable, desired: replicas.desired },
      pods: [],
      evidence: [],
    });
  }
  findings.sort((a, b) => rank(a) - rank(b));
  dedupeByResource(unknowns);
  return {
    workload: { kind: w.kind, namespace: w.obj.metadata?.namespace ?? '', name: w.obj.metadata?.name ?? '' },
    findings,
    unknowns,
    replicas,
    podCount: pods.length,
  };
}

function dedupeByResource(unknowns: Unknown[]): void {
  const seen = new Set<string>();
  for (let i = unknowns.length - 1; i >= 0; i--) {
    const u = unknowns[i];
    const key = u === undefined ? '' : JSON.stringify(u);
    if (seen.has(key)) unknowns.splice(i, 1);
    seen.add(key);
  }
}

/** A report is healthy when it found nothing and could read everything it needed. */
export function isHealthy(r: Report): boolean {
  return r.findings.length === 0 && r.unknowns.length === 0;
}
