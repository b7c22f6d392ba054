// What every step of the approval flow shares: its dependencies and clock, how it answers, the dry run it
// previews with, and how a decision is counted.
import type { ActionPreview } from '../actions/types.ts';
import type { ChatRequest, ChatRequestStatus } from '../api/chat-request.ts';
import type { Invocation } from '../commands/invocation.ts';
import { toActionRequest } from '../dispatch/to-action-request.ts';
import type { ApprovalFlowDeps, FlowReply, RequestSender } from './approval-flow.ts';
import type { Refusal } from './state-machine.ts';

export interface FlowKit {
  readonly deps: ApprovalFlowDeps;
  readonly now: () => number;
}

/** Writes are retried this often when another decision got in first. */
export const MAX_ATTEMPTS = 5;

export const REFUSAL_KEYS: Readonly<Record<Refusal, string>> = {
  ended: 'approval.refused.ended',
  'not-pending': 'approval.refused.busy',
  'not-approved': 'approval.refused.ended',
  expired: 'approval.refused.expired',
  'not-yet-expired': 'approval.refused.busy',
  'self-approval': 'approval.refused.self-approval',
  'not-approver': 'approval.refused.not-approver',
  'already-approved': 'approval.refused.already-approved',
  'other-conversation': 'approval.refused.other-conversation',
  'not-requester': 'approval.refused.not-requester',
  'no-sender-id': 'approval.refused.no-sender-id',
};

export function say(text: string, mention: string): FlowReply {
  return {
    replies: [
      {
        title: text.replace(/[*_`#>]/g, '').slice(0, 60),
        markdown: text,
        mentionUserIds: mention ? [mention] : [],
      },
    ],
  };
}

export async function dryRun(
  kit: FlowKit,
  inv: Invocation,
  requester: RequestSender,
): Promise<ActionPreview> {
  const outcome = await kit.deps.actions.run(toActionRequest(inv), {
    target: { kind: inv.target.kind, namespace: inv.namespace, name: inv.target.name },
    ...(inv.command.spec.targets.selector ? { selector: inv.command.spec.targets.selector } : {}),
    signal: AbortSignal.timeout(kit.deps.actionTimeoutMs),
    requester,
    dryRun: true,
  });
  if (!outcome.preview) throw new Error('a dry run returned no preview');
  return outcome.preview;
}

export function observeDecision(kit: FlowKit, req: ChatRequest, status: ChatRequestStatus): void {
  if (status.state === 'Pending') return;
  const created = Date.parse(req.metadata.creationTimestamp ?? '');
  if (!Number.isNaN(created))
    kit.deps.metrics.decisionSeconds.observe(
      { action: req.spec.action },
      Math.max(0, (kit.now() - created) / 1000),
    );
  kit.deps.metrics.requests.inc({ action: req.spec.action, outcome: status.state.toLowerCase() });
}
