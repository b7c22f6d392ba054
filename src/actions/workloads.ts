// Reading and patching the three workload kinds through one typed surface, so actions need no per-kind API calls.
import {
  setHeaderOptions,
  type AppsV1Api,
  type PatchStrategy,
  type V1DaemonSet,
  type V1Deployment,
  type V1StatefulSet,
} from '@kubernetes/client-node';
import { UserFacingError } from '../errors.ts';
import { formatLabelSelector, matchesLabelSelector } from './label-selector.ts';
import type { ActionContext, WorkloadKind, WorkloadRef } from './types.ts';

export type Workload =
  | { readonly kind: 'Deployment'; readonly obj: V1Deployment }
  | { readonly kind: 'StatefulSet'; readonly obj: V1StatefulSet }
  | { readonly kind: 'DaemonSet'; readonly obj: V1DaemonSet };

export type PatchType = (typeof PatchStrategy)[keyof typeof PatchStrategy];

export async function readWorkload(apps: AppsV1Api, ref: WorkloadRef): Promise<Workload> {
  const { name, namespace } = ref;
  switch (ref.kind) {
    case 'Deployment':
      return { kind: ref.kind, obj: await apps.readNamespacedDeployment({ name, namespace }) };
    case 'StatefulSet':
      return { kind: ref.kind, obj: await apps.readNamespacedStatefulSet({ name, namespace }) };
    case 'DaemonSet':
      return { kind: ref.kind, obj: await apps.readNamespacedDaemonSet({ name, namespace }) };
    case 'CronJob':
      throw new UserFacingError('action.unsupported-kind', targetParams(ref));
  }
}

/** `body` is sent as-is with the given patch content type (client-node's default would be JSON patch). */
export async function patchWorkload(
  apps: AppsV1Api,
  ref: WorkloadRef,
  body: object,
  type: PatchType,
): Promise<Workload> {
  const { name, namespace } = ref;
  const opts = setHeaderOptions('Content-Type', type);
  switch (ref.kind) {
    case 'Deployment':
      return { kind: ref.kind, obj: await apps.patchNamespacedDeployment({ name, namespace, body }, opts) };
    case 'StatefulSet':
      return { kind: ref.kind, obj: await apps.patchNamespacedStatefulSet({ name, namespace, body }, opts) };
    case 'DaemonSet':
      return { kind: ref.kind, obj: await apps.patchNamespacedDaemonSet({ name, namespace, body }, opts) };
    case 'CronJob':
      throw new UserFacingError('action.unsupported-kind', targetParams(ref));
  }
}

/** `deployment/web`, the way kubectl and the chat grammar spell a target. */
export function describeKind(kind: WorkloadKind): string {
  return kind.toLowerCase();
}

/** The params every message about a target carries: `{kind}/{name} in {namespace}`. */
export function targetParams(ref: WorkloadRef): { kind: string; name: string; namespace: string } {
  return { kind: describeKind(ref.kind), name: ref.name, namespace: ref.namespace };
}

/** Refuses (`action.selector-mismatch`) a target whose labels the command's `targets.selector` does not match. */
export function requireSelectorMatch(
  ctx: ActionContext,
  labels: Readonly<Record<string, string>> | undefined,
): void {
  if (ctx.selector && !matchesLabelSelector(ctx.selector, labels)) {
    throw new UserFacingError('action.selector-mismatch', {
      ...targetParams(ctx.target),
      selector: formatLabelSelector(ctx.selector),
    });
  }
}
