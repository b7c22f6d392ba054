// The exact RBAC a namespace's runner ServiceAccount needs for every action; the Helm chart and the e2e tests copy it.
import type { V1PolicyRule } from '@kubernetes/client-node';

/**
 * - scale: get (selector check) and get/patch of the scale subresource (no `update`: kubetalk only patches it);
 * - restart / undo: get + patch of the workload; undo and history list ReplicaSets / ControllerRevisions;
 * - status: get; logs: get of the workload, list pods, get pods/log.
 * - pause/resume: patch of the Deployment (above); pods: list pods (and replicasets, above);
 * - job: get of the CronJob, create of the Job, get of the Job while following it (pods/log for a failed pod);
 * - cronjob suspend/resume: get + patch of the CronJob; events: list events.
 * - diagnose: what logs needs, plus list events, Services and EndpointSlices and get the claims of pending pods.
 *   Never ConfigMaps or Secrets: the kubelet's message already names the missing one, and `get secrets` would
 *   let chat read every secret's data.
 */
export const RUNNER_ROLE_RULES: readonly V1PolicyRule[] = [
  { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'daemonsets'], verbs: ['get', 'patch'] },
  { apiGroups: ['apps'], resources: ['deployments/scale', 'statefulsets/scale'], verbs: ['get', 'patch'] },
  { apiGroups: ['apps'], resources: ['replicasets', 'controllerrevisions'], verbs: ['list'] },
  { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
  // Day-2 actions (docs/design/0006-day-2-actions.md).
  { apiGroups: ['batch'], resources: ['cronjobs'], verbs: ['get', 'patch'] },
  { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'create'] },
  { apiGroups: [''], resources: ['events', 'services'], verbs: ['list'] },
  { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get'] },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list'] },
];

/** What the controller itself needs to act as runners: impersonate that one ServiceAccount name, in any namespace. */
export function impersonationRule(runnerName: string): V1PolicyRule {
  return {
    apiGroups: [''],
    resources: ['serviceaccounts'],
    verbs: ['impersonate'],
    resourceNames: [runnerName],
  };
}

/** A namespace's runner as objects to apply: ServiceAccount, Role with RUNNER_ROLE_RULES, RoleBinding. */
export function renderRunnerObjects(
  namespace: string,
  opts: { readonly runnerName?: string; readonly labels?: Readonly<Record<string, string>> } = {},
): [ServiceAccount: object, Role: object, RoleBinding: object] {
  const name = opts.runnerName ?? 'kubetalk-runner';
  const metadata = { name, namespace, ...(opts.labels ? { labels: { ...opts.labels } } : {}) };
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata,
      rules: RUNNER_ROLE_RULES.map((r) => ({ ...r })),
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    },
  ];
}
