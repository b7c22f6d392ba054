// Which Kubernetes permission each chat action stands for: the attributes a SubjectAccessReview asks about.
import type { ActionType, WorkloadKind } from '../actions/types.ts';

export interface ResourceAccess {
  readonly verb: string;
  /** API group; "" for the core group. */
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string;
  /** false when the action does not act on the named workload itself (logs read pods the runner picks). */
  readonly named: boolean;
}

const WORKLOAD_RESOURCES: Readonly<Record<WorkloadKind, string>> = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
};

/**
 * The one permission that is the action, as `kubectl` would need it of the person: scaling is `patch` on the
 * `scale` subresource, restart and undo patch the workload, status and history read it, logs read `pods/log`.
 * A Record over every action type, so a new action cannot be added without deciding its permission here.
 */
const TABLE: Readonly<Record<ActionType, (resource: string) => ResourceAccess>> = {
  scale: (resource) => ({ verb: 'patch', group: 'apps', resource, subresource: 'scale', named: true }),
  restart: (resource) => ({ verb: 'patch', group: 'apps', resource, named: true }),
  undo: (resource) => ({ verb: 'patch', group: 'apps', resource, named: true }),
  status: (resource) => ({ verb: 'get', group: 'apps', resource, named: true }),
  history: (resource) => ({ verb: 'get', group: 'apps', resource, named: true }),
  logs: () => ({ verb: 'get', group: '', resource: 'pods', subresource: 'log', named: false }),
};

export function accessFor(action: ActionType, kind: WorkloadKind): ResourceAccess {
  return TABLE[action](WORKLOAD_RESOURCES[kind]);
}

/** `patch deployments/scale`, the way the refusal and the docs name a permission. */
export function describeAccess(access: ResourceAccess): string {
  const qualified = access.group === '' ? access.resource : `${access.resource}.${access.group}`;
  return `${access.verb} ${qualified}${access.subresource ? `/${access.subresource}` : ''}`;
}

/** The `kubectl auth can-i` line that asks the same question, for the refusal to quote. */
export function describeCanI(
  access: ResourceAccess,
  q: { namespace: string; name?: string; user: string; groups: readonly string[] },
): string {
  const qualified = access.group === '' ? access.resource : `${access.resource}.${access.group}`;
  return [
    'kubectl auth can-i',
    access.verb,
    q.name === undefined ? qualified : `${qualified}/${q.name}`,
    ...(access.subresource ? [`--subresource=${access.subresource}`] : []),
    `-n ${q.namespace}`,
    `--as ${q.user}`,
    ...q.groups.map((g) => `--as-group ${g}`),
  ].join(' ');
}
