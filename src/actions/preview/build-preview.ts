// Turns a dry run (the target before, the objects the API server would have stored, the action's own summary)
// into a preview: one line saying what would happen and the field-by-field difference.
import { isRecord } from '../../lib/is-record.ts';
import type { UserMessage } from '../../errors.ts';
import type { ActionOutcome, ActionPreview, ActionRequest } from '../types.ts';
import { diffObjects } from './diff-objects.ts';

/** The summary keys of a real run → what the same outcome means in a dry run. No-ops ("already paused") stay. */
const PREVIEW_KEYS: Readonly<Record<string, string>> = {
  'action.scale.done': 'preview.scale',
  'action.restart.started': 'preview.restart',
  'action.undo.done': 'preview.undo',
  'action.pause.paused': 'preview.pause',
  'action.pause.resumed': 'preview.resume',
  'action.cronjob.suspended': 'preview.cronjob-suspend',
  'action.cronjob.resumed': 'preview.cronjob-resume',
  'action.job.created': 'preview.job',
};

export function previewSummary(summary: UserMessage): UserMessage {
  const key = PREVIEW_KEYS[summary.key];
  return key ? { ...summary, key } : summary;
}

export function observedOf(obj: unknown): ActionPreview['observed'] {
  const meta = isRecord(obj) && isRecord(obj['metadata']) ? obj['metadata'] : {};
  return {
    uid: typeof meta['uid'] === 'string' ? meta['uid'] : '',
    generation: typeof meta['generation'] === 'number' ? meta['generation'] : 0,
  };
}

function kindOf(obj: unknown): string | undefined {
  return isRecord(obj) && typeof obj['kind'] === 'string' ? obj['kind'] : undefined;
}

function changesOf(
  request: ActionRequest,
  outcome: ActionOutcome,
  before: unknown,
  writes: readonly unknown[],
): string[] {
  const params = outcome.summary.params ?? {};
  if (request.type === 'scale') {
    return params['from'] === params['to'] ? [] : [`spec.replicas: ${params['from']} → ${params['to']}`];
  }
  if (request.type === 'job') {
    const job = writes.find((w) => kindOf(w) === 'Job');
    const name = isRecord(job) && isRecord(job['metadata']) ? String(job['metadata']['name']) : '';
    return [`+ Job ${name}`, ...request.env.map((e) => `  env ${e.name}=${e.value}`)];
  }
  const kind = kindOf(before);
  const after = [...writes].reverse().find((w) => kindOf(w) === kind);
  if (after === undefined) return [];
  return diffObjects(before, after, ['spec', 'metadata.annotations', 'metadata.labels']);
}

export function buildPreview(
  request: ActionRequest,
  outcome: ActionOutcome,
  before: unknown,
  writes: readonly unknown[],
): ActionPreview {
  return {
    summary: previewSummary(outcome.summary),
    changes: changesOf(request, outcome, before, writes),
    observed: observedOf(before),
  };
}

/** A webhook cannot be dry-run: its receiver is outside the cluster. The preview says what would be sent. */
export function buildWebhookPreview(
  request: Extract<ActionRequest, { type: 'webhook' }>,
  target: { kind: string; name: string; namespace: string },
): ActionPreview {
  return {
    summary: { key: 'preview.webhook', params: { ...target, secret: request.secretName } },
    changes: Object.entries(request.parameters).map(([k, v]) => `--${k}=${v}`),
    observed: { uid: '', generation: 0 },
  };
}
