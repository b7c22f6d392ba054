// `events`: recent Warning events of the workload, its ReplicaSets and its pods, newest first, bounded.
import { UserFacingError } from '../errors.ts';
import type { ActionEnv } from './action-env.ts';
import { selectEvents, renderEvents, type EventScope } from './event-rows.ts';
import { formatLabelSelector } from './label-selector.ts';
import { keepOwnedPods } from './logs.ts';
import { isControlledBy } from './revisions.ts';
import type { ActionOutcome, ActionRequest } from './types.ts';
import { targetParams, type Workload } from './workloads.ts';

type EventsRequest = Extract<ActionRequest, { type: 'events' }>;

/** Warning events read at most: a namespace in trouble can hold thousands; the newest matter. */
const EVENTS_READ_MAX = 1000;

async function buildScope(env: ActionEnv, w: Workload): Promise<EventScope> {
  const ns = env.ctx.target.namespace;
  const uid = w.obj.metadata?.uid;
  const uids = new Set<string>(uid ? [uid] : []);
  const prefixes: string[] = [];
  const selector = w.obj.spec?.selector;
  if (!selector) return { uids, podPrefixes: prefixes };
  const labelSelector = formatLabelSelector(selector);
  if (w.kind === 'Deployment') {
    const sets = await env.apps.listNamespacedReplicaSet({ namespace: ns, labelSelector });
    for (const rs of sets.items.filter((r) => isControlledBy(r.metadata, uid))) {
      if (rs.metadata?.uid) uids.add(rs.metadata.uid);
      prefixes.push(`${rs.metadata?.name ?? ''}-`);
    }
  } else {
    prefixes.push(`${env.ctx.target.name}-`);
  }
  const pods = await env.core.listNamespacedPod({ namespace: ns, labelSelector });
  for (const p of await keepOwnedPods(env, w, pods.items)) if (p.metadata?.uid) uids.add(p.metadata.uid);
  return { uids, podPrefixes: prefixes };
}

export async function runEvents(req: EventsRequest, env: ActionEnv): Promise<ActionOutcome> {
  if (!Number.isSafeInteger(req.maxEvents) || req.maxEvents < 1 || !(req.sinceSeconds > 0))
    throw new UserFacingError('action.view.invalid-options', { max: req.maxEvents });
  const ref = env.ctx.target;
  const w = await env.readTarget();
  const scope = await buildScope(env, w);
  const list = await env.core.listNamespacedEvent({
    namespace: ref.namespace,
    fieldSelector: 'type=Warning',
    limit: EVENTS_READ_MAX,
  });
  const now = env.now();
  const since = now.getTime() - req.sinceSeconds * 1000;
  const { shown, total } = selectEvents(list.items, scope, since, req.maxEvents);
  const params = {
    ...targetParams(ref),
    shown: shown.length,
    total,
    minutes: Math.round(req.sinceSeconds / 60),
  };
  if (shown.length === 0) return { ok: true, summary: { key: 'action.events.none', params } };
  const key = total > shown.length ? 'action.events.summary-more' : 'action.events.summary';
  return { ok: true, summary: { key, params }, blocks: [{ text: renderEvents(shown, now) }] };
}
