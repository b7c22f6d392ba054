// Which Kubernetes permission each chat action stands for: the attributes a SubjectAccessReview asks about.
import type { ActionType } from '../api/action-names.ts';
import type { WorkloadKind } from '../actions/types.ts';

export interface ResourceAccess {
  readonly verb: string;
  /** API group; "" for the core group. */
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string;
  /** false when the action does not act on the named workload itself (logs read pods the runner picks). */
  readonly named: boolean;
}

const WORKLOAD_RESOURCES: Readonly<Record<WorkloadKind, { group: string; resource: string }>> = {
  Deployment: { group: 'apps', resource: 'deployments' },
  StatefulSet: { group: 'apps', resource: 'statefulsets' },
  DaemonSet: { group: 'apps', resource: 'daemonsets' },
  CronJob: { group: 'batch', resource: 'cronjobs' },
};

type Workload = { group: string; resource: string };
const onWorkload =
  (verb: string) =>
  (w: Workload): ResourceAccess => ({ verb, group: w.group, resource: w.resource, named: true });
const inNamespace =
  (verb: string, group: string, resource: string, subresource?: string) => (): ResourceAccess => ({
    verb,
    group,
    resource,
    ...(subresource ? { subresource } : {}),
    named: false,
  });

/**
 * The one permission that is the action, as `kubectl` would need it of the person: scaling is `patch` on the
 * `scale` subresource, restart, undo, pause and resume patch the workload, status, history and diagnose read it,
 * logs read `pods/log`, a Job from a CronJob creates Jobs, and a webhook (which asks a build server to change the
 * workload) needs the right to patch it. A Record over every action type, so a new action cannot be added without
 * deciding its permission here.
 */
const TABLE: Readonly<Record<ActionType, (w: Workload) => ResourceAccess>> = {
  scale: (w) => ({ ...onWorkload('patch')(w), subresource: 'scale' }),
  restart: onWorkload('patch'),
  undo: onWorkload('patch'),
  pause: onWorkload('patch'),
  resume: onWorkload('patch'),
  'cronjob-suspend': onWorkload('patch'),
  'cronjob-resume': onWorkload('patch'),
  webhook: onWorkload('patch'),
  status: onWorkload('get'),
  history: onWorkload('get'),
  diagnose: onWorkload('get'),
  logs: inNamespace('get', '', 'pods', 'log'),
  pods: inNamespace('list', '', 'pods'),
  events: inNamespace('list', '', 'events'),
  job: inNamespace('create', 'batch', 'jobs'),
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
