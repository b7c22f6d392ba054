// `pods`: the workload's own pods (ready, status, restarts, age, node, last termination), newest first, bounded.
import { UserFacingError } from '../errors.ts';
import type { ActionEnv } from './action-env.ts';
import { formatColumns } from './format-age.ts';
import { formatLabelSelector } from './label-selector.ts';
import { pickNewestPods } from './log-plan.ts';
import { keepOwnedPods } from './logs.ts';
import { toPodRow, type PodRow } from './pod-rows.ts';
import type { ActionOutcome, ActionRequest } from './types.ts';
import { targetParams } from './workloads.ts';

type PodsRequest = Extract<ActionRequest, { type: 'pods' }>;

/** A table kubectl users recognise; last terminations go on their own indented line to stay phone-narrow. */
export function renderPodTable(rows: readonly PodRow[]): string {
  const table = formatColumns([
    ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'NODE'],
    ...rows.map((r) => [r.name, r.ready, r.status, String(r.restarts), r.age, r.node]),
  ]).split('\n');
  const out = [table[0] ?? ''];
  rows.forEach((r, i) => {
    out.push(table[i + 1] ?? '');
    if (r.lastTermination !== undefined) out.push(`  last: ${r.lastTermination}`);
  });
  return out.join('\n');
}

export async function runPods(req: PodsRequest, env: ActionEnv): Promise<ActionOutcome> {
  if (!Number.isSafeInteger(req.maxPods) || req.maxPods < 1)
    throw new UserFacingError('action.view.invalid-options', { max: req.maxPods });
  const ref = env.ctx.target;
  const w = await env.readTarget();
  const selector = w.obj.spec?.selector;
  if (!selector) return { ok: true, summary: { key: 'action.pods.none', params: targetParams(ref) } };
  const list = await env.core.listNamespacedPod({
    namespace: ref.namespace,
    labelSelector: formatLabelSelector(selector),
  });
  const all = await keepOwnedPods(env, w, list.items);
  if (all.length === 0) return { ok: true, summary: { key: 'action.pods.none', params: targetParams(ref) } };
  const now = env.now();
  const rows = pickNewestPods(all, req.maxPods).map((p) => toPodRow(p, now));
  const ready = all.filter((p) =>
    p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
  ).length;
  const params = { ...targetParams(ref), shown: rows.length, total: all.length, ready };
  const key = all.length > rows.length ? 'action.pods.summary-more' : 'action.pods.summary';
  return { ok: true, summary: { key, params }, blocks: [{ text: renderPodTable(rows) }] };
}
