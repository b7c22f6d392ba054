// Rollout history, pure: which ReplicaSets / ControllerRevisions belong to a workload, their revision numbers and
// change-causes, and which one an undo goes back to (kubectl's rules).
import type { V1ControllerRevision } from '@kubernetes/client-node';
import { UserFacingError } from '../errors.ts';
import type { WorkloadRef } from './types.ts';
import { targetParams } from './workloads.ts';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';

/** The metadata revisions are judged by; client-node's V1ObjectMeta and an API server's raw JSON both fit it. */
export interface RevisionMeta {
  readonly annotations?: Readonly<Record<string, string>> | undefined;
  readonly ownerReferences?:
    readonly { readonly controller?: boolean | undefined; readonly uid: string }[] | undefined;
}

export interface Revision<T> {
  readonly revision: number;
  readonly changeCause?: string;
  readonly source: T;
}

/** `metav1.IsControlledBy`: the controller owner reference points at this uid. */
export function isControlledBy(meta: RevisionMeta | undefined, ownerUid: string | undefined): boolean {
  if (!ownerUid) return false;
  return (meta?.ownerReferences ?? []).some((o) => o.controller === true && o.uid === ownerUid);
}

function parseRevision(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

function withCause<T>(revision: number, meta: RevisionMeta | undefined, source: T): Revision<T> {
  const cause = meta?.annotations?.[CHANGE_CAUSE_ANNOTATION];
  return cause ? { revision, changeCause: cause, source } : { revision, source };
}

/** A Deployment's revisions, oldest first: its ReplicaSets with a valid revision annotation (others are skipped, as kubectl does). */
export function deploymentRevisions<T extends { readonly metadata?: RevisionMeta | undefined }>(
  deploymentUid: string | undefined,
  replicaSets: readonly T[],
): Revision<T>[] {
  const out: Revision<T>[] = [];
  for (const rs of replicaSets) {
    if (!isControlledBy(rs.metadata, deploymentUid)) continue;
    const revision = parseRevision(rs.metadata?.annotations?.[REVISION_ANNOTATION]);
    if (revision !== undefined) out.push(withCause(revision, rs.metadata, rs));
  }
  return out.sort((a, b) => a.revision - b.revision);
}

/** A StatefulSet's or DaemonSet's revisions, oldest first. */
export function controllerRevisions(
  ownerUid: string | undefined,
  list: readonly V1ControllerRevision[],
): Revision<V1ControllerRevision>[] {
  return list
    .filter((cr) => isControlledBy(cr.metadata, ownerUid))
    .map((cr) => withCause(cr.revision, cr.metadata, cr))
    .sort((a, b) => a.revision - b.revision);
}

/**
 * The revision an undo restores: `toRevision` exactly, or without it the second newest (the one before the current).
 * Throws a UserFacingError listing the revisions that exist when the wish cannot be met.
 */
export function pickUndoRevision<T>(
  revisions: readonly Revision<T>[],
  toRevision: number | undefined,
  ref: WorkloadRef,
): Revision<T> {
  const available = revisions.map((r) => r.revision).join(', ') || '-';
  if (toRevision === undefined || toRevision === 0) {
    const previous = revisions.at(-2);
    if (!previous) throw new UserFacingError('action.undo.no-history', { ...targetParams(ref), available });
    return previous;
  }
  const match = revisions.find((r) => r.revision === toRevision);
  if (!match)
    throw new UserFacingError('action.undo.revision-not-found', {
      ...targetParams(ref),
      revision: toRevision,
      available,
    });
  return match;
}
