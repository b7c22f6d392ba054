// `undo`: rolls a workload back to the previous (or a given) revision the way `kubectl rollout undo` does.
import {
  PatchStrategy,
  type V1ControllerRevision,
  type V1DaemonSet,
  type V1LabelSelector,
  type V1StatefulSet,
} from '@kubernetes/client-node';
import { isRecord } from '../lib/is-record.ts';
import { UserFacingError } from '../errors.ts';
import type { ActionEnv } from './action-env.ts';
import { formatLabelSelector } from './label-selector.ts';
import {
  controllerRevisions,
  deploymentRevisions,
  pickUndoRevision,
  REVISION_ANNOTATION,
  type RevisionMeta,
} from './revisions.ts';
import { semanticEqual, toWireJson } from './semantic-equal.ts';
import type { ActionOutcome, ActionRequest, WorkloadRef } from './types.ts';
import { patchWorkload, requireSelectorMatch, targetParams } from './workloads.ts';

type UndoRequest = Extract<ActionRequest, { type: 'undo' }>;

const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/** Deployment annotations that stay as they are instead of coming back from the ReplicaSet (kubectl's list). */
const ANNOTATIONS_TO_SKIP = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

type Result = { readonly revision: number; readonly skipped: boolean };

function withoutHashLabel(template: unknown): Record<string, unknown> {
  const t = (toWireJson(template) ?? {}) as { metadata?: { labels?: Record<string, string> } } & Record<
    string,
    unknown
  >;
  if (t.metadata?.labels) delete t.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  return t;
}

/** The JSON patch kubectl sends: replace `/spec/template` and `/metadata/annotations` (keeping the skip-listed ones). */
export function buildDeploymentUndoPatch(
  deploymentAnnotations: Readonly<Record<string, string>> | undefined,
  rsTemplate: unknown,
  rsAnnotations: Readonly<Record<string, string>> | undefined,
): object[] {
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(deploymentAnnotations ?? {}))
    if (ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  for (const [k, v] of Object.entries(rsAnnotations ?? {}))
    if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  return [
    { op: 'replace', path: '/spec/template', value: withoutHashLabel(rsTemplate) },
    { op: 'replace', path: '/metadata/annotations', value: annotations },
  ];
}

/**
 * A Deployment or ReplicaSet exactly as the API server sent it. Only what undo reads is typed; the pod template
 * stays opaque JSON so that fields client-node does not know survive the copy back into the Deployment.
 */
interface RawAppsObject {
  readonly metadata?: RevisionMeta & {
    readonly uid?: string;
    readonly labels?: Readonly<Record<string, string>>;
  };
  readonly spec?: {
    readonly template?: unknown;
    readonly paused?: boolean;
    readonly selector?: V1LabelSelector;
  };
}

// The API server's JSON for these kinds has this shape; the checks guard against a proxy answering something else.
function asRawObject(v: unknown): RawAppsObject {
  if (!isRecord(v)) throw new Error('API server sent a non-object for an apps/v1 object');
  return v;
}

function asRawItems(v: unknown): RawAppsObject[] {
  if (!isRecord(v) || !Array.isArray(v['items'])) throw new Error('API server sent a list without items');
  return v['items'].map(asRawObject);
}

async function undoDeployment(req: UndoRequest, env: ActionEnv): Promise<Result> {
  const ref = env.ctx.target;
  const base = `/apis/apps/v1/namespaces/${encodeURIComponent(ref.namespace)}`;
  // Read once, raw: its template is compared with the ReplicaSet's and its annotations are written back.
  const d = asRawObject(await env.getJson(`${base}/deployments/${encodeURIComponent(ref.name)}`));
  requireSelectorMatch(env.ctx, d.metadata?.labels);
  const selector = d.spec?.selector;
  const list = asRawItems(
    await env.getJson(
      `${base}/replicasets`,
      selector ? { labelSelector: formatLabelSelector(selector) } : {},
    ),
  );
  const target = pickUndoRevision(deploymentRevisions(d.metadata?.uid, list), req.toRevision, ref);
  if (d.spec?.paused) throw new UserFacingError('action.undo.paused', targetParams(ref));
  const rs = target.source;
  if (semanticEqual(withoutHashLabel(rs.spec?.template), withoutHashLabel(d.spec?.template))) {
    return { revision: target.revision, skipped: true };
  }
  await patchWorkload(
    env.apps,
    ref,
    buildDeploymentUndoPatch(d.metadata?.annotations, rs.spec?.template, rs.metadata?.annotations),
    PatchStrategy.JsonPatch,
  );
  return { revision: target.revision, skipped: false };
}

/** The revision's data is a strategic merge patch `{spec: {template: {..., $patch: replace}}}`; compare its template. */
export function revisionMatchesTemplate(revision: V1ControllerRevision, currentTemplate: unknown): boolean {
  const data = toWireJson(revision.data) as { spec?: { template?: Record<string, unknown> } } | undefined;
  const stored = { ...(data?.spec?.template ?? {}) };
  delete stored['$patch'];
  return semanticEqual(stored, currentTemplate);
}

async function undoFromControllerRevisions(
  obj: V1StatefulSet | V1DaemonSet,
  req: UndoRequest,
  env: ActionEnv,
): Promise<Result> {
  const ref = env.ctx.target;
  const selector = obj.spec?.selector;
  const list = await env.apps.listNamespacedControllerRevision({
    namespace: ref.namespace,
    ...(selector ? { labelSelector: formatLabelSelector(selector) } : {}),
  });
  const target = pickUndoRevision(controllerRevisions(obj.metadata?.uid, list.items), req.toRevision, ref);
  if (revisionMatchesTemplate(target.source, obj.spec?.template))
    return { revision: target.revision, skipped: true };
  const data: unknown = target.source.data;
  if (data === null || typeof data !== 'object')
    throw new Error(`ControllerRevision ${target.source.metadata?.name} has no data`);
  await patchWorkload(env.apps, ref, data, PatchStrategy.StrategicMergePatch);
  return { revision: target.revision, skipped: false };
}

async function undoFromTarget(req: UndoRequest, env: ActionEnv): Promise<Result> {
  const w = await env.readTarget();
  // readTarget reads the kind the target names; a Deployment took the raw path above.
  if (w.kind === 'Deployment') throw new Error('undoFromTarget called for a Deployment');
  return await undoFromControllerRevisions(w.obj, req, env);
}

export async function runUndo(req: UndoRequest, env: ActionEnv): Promise<ActionOutcome> {
  const ref: WorkloadRef = env.ctx.target;
  const result = ref.kind === 'Deployment' ? await undoDeployment(req, env) : await undoFromTarget(req, env);
  const params = { ...targetParams(ref), revision: result.revision };
  if (result.skipped) return { ok: true, summary: { key: 'action.undo.skipped', params } };
  return {
    ok: true,
    summary: { key: 'action.undo.done', params },
    followUp: env.followRollout(req.timeoutSeconds),
  };
}
