// `history`: the workload's revisions with their change-cause, as a block (newest last, current starred).
import type { V1ControllerRevision, V1ReplicaSet } from '@kubernetes/client-node';
import type { ActionEnv } from './action-env.ts';
import { formatHistoryTable } from './history-table.ts';
import { formatLabelSelector } from './label-selector.ts';
import { controllerRevisions, deploymentRevisions, REVISION_ANNOTATION, type Revision } from './revisions.ts';
import type { ActionOutcome } from './types.ts';
import { targetParams, type Workload } from './workloads.ts';

type HistoryRevision = Revision<V1ReplicaSet | V1ControllerRevision>;

/** The revision the workload runs now: a Deployment says so itself; StatefulSets name it; otherwise the newest. */
function currentRevision(w: Workload, revisions: readonly HistoryRevision[]): number | undefined {
  const newest = revisions.at(-1)?.revision;
  if (w.kind === 'Deployment') {
    const own = Number(w.obj.metadata?.annotations?.[REVISION_ANNOTATION]);
    return Number.isSafeInteger(own) && own > 0 ? own : newest;
  }
  if (w.kind === 'StatefulSet') {
    const name = w.obj.status?.updateRevision;
    const named = revisions.find((r) => r.source.metadata?.name === name);
    return named?.revision ?? newest;
  }
  return newest;
}

async function listRevisions(w: Workload, env: ActionEnv): Promise<HistoryRevision[]> {
  const namespace = env.ctx.target.namespace;
  const selector = w.obj.spec?.selector;
  const labelSelector = selector ? { labelSelector: formatLabelSelector(selector) } : {};
  if (w.kind === 'Deployment') {
    const list = await env.apps.listNamespacedReplicaSet({ namespace, ...labelSelector });
    return deploymentRevisions(w.obj.metadata?.uid, list.items);
  }
  const list = await env.apps.listNamespacedControllerRevision({ namespace, ...labelSelector });
  return controllerRevisions(w.obj.metadata?.uid, list.items);
}

export async function runHistory(env: ActionEnv): Promise<ActionOutcome> {
  const ref = env.ctx.target;
  const w = await env.readTarget();
  const revisions = await listRevisions(w, env);
  if (revisions.length === 0)
    return { ok: true, summary: { key: 'action.history.empty', params: targetParams(ref) } };
  const current = currentRevision(w, revisions);
  return {
    ok: true,
    summary: {
      key: 'action.history.summary',
      params: { ...targetParams(ref), count: revisions.length, current: current ?? '-' },
    },
    blocks: [{ text: formatHistoryTable(revisions, current) }],
  };
}
