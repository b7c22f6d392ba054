// Which workload an alert is about, from the labels kube-state-metrics rules carry (deployment, statefulset,
// daemonset), in the route's own namespace; nothing that is not a Kubernetes name is ever looked up.
import type { Alert } from './payload.ts';

export interface AlertWorkload {
  readonly kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  readonly namespace: string;
  readonly name: string;
}

const LABELS = [
  ['deployment', 'Deployment'],
  ['statefulset', 'StatefulSet'],
  ['daemonset', 'DaemonSet'],
] as const;
const KUBE_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

export function alertWorkload(alert: Alert, namespace: string): AlertWorkload | undefined {
  for (const [label, kind] of LABELS) {
    const name = Object.hasOwn(alert.labels, label) ? alert.labels[label] : undefined;
    if (name !== undefined && name.length <= 253 && KUBE_NAME.test(name)) return { kind, namespace, name };
  }
  return undefined;
}

/** The firing alerts' distinct workloads, each with the first alert that names it, at most `max`. */
export function workloadsOf(
  alerts: readonly Alert[],
  namespace: string,
  max: number,
): Array<{ readonly workload: AlertWorkload; readonly fingerprint: string }> {
  const seen = new Set<string>();
  const out: Array<{ workload: AlertWorkload; fingerprint: string }> = [];
  for (const a of alerts) {
    if (a.status !== 'firing') continue;
    const w = alertWorkload(a, namespace);
    if (!w) continue;
    const key = `${w.kind}/${w.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ workload: w, fingerprint: a.fingerprint });
    if (out.length >= max) break;
  }
  return out;
}
