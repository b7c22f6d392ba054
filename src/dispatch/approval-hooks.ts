// The dispatcher's side of dry runs and ChatRequests (src/approvals): `--dry-run` previews, commands with
// spec.approval opening a request, and approve/reject/cancel CODE. Kept apart so the pipeline stays one screen.
import type { ActionRunner } from '../actions/types.ts';
import { getAction, isMutatingAction } from '../api/get-action.ts';
import type { ApprovalFlow, FlowReply } from '../approvals/approval-flow.ts';
import { renderDryRun } from '../approvals/render-request.ts';
import type { DecisionName } from '../commands/decision-words.ts';
import type { Invocation } from '../commands/invocation.ts';
import { isUserFacingError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { InboundMessage, OutboundReply } from '../platforms/types.ts';
import type { Translate } from './render-reply-text.ts';
import { renderTextReply } from './render-reply-text.ts';
import { toActionRequest } from './to-action-request.ts';

/** True when the invocation is a preview of a mutating action (a read with --dry-run simply reads). */
export function isPreview(inv: Invocation): boolean {
  return inv.dryRun === true && isMutatingAction(getAction(inv.command.spec.action));
}

/** `--dry-run`: the API server computes the change as the runner (dryRun=All); nothing changes. */
export async function previewAction(
  actions: ActionRunner,
  inv: Invocation,
  msg: InboundMessage,
  t: Translate,
  actionTimeoutMs: number,
): Promise<OutboundReply> {
  const request = toActionRequest(inv);
  const outcome = await actions.run(request, {
    target: { kind: inv.target.kind, namespace: inv.namespace, name: inv.target.name },
    ...(inv.command.spec.targets.selector ? { selector: inv.command.spec.targets.selector } : {}),
    signal: AbortSignal.timeout(actionTimeoutMs),
    requester: { id: msg.sender.id, name: msg.sender.name },
    dryRun: true,
  });
  if (!outcome.preview) throw new Error('a dry run returned no preview');
  return renderDryRun(outcome.preview, t, msg.sender.id, request.type === 'webhook');
}

/**
 * Runs a flow step; the cluster being unable to record a request (API down, CRD missing) is a polite "try again",
 * never an action run without its approval.
 */
export async function runFlowStep(
  step: () => Promise<FlowReply>,
  msg: InboundMessage,
  t: Translate,
  log: Logger,
): Promise<FlowReply> {
  try {
    return await step();
  } catch (err) {
    if (isUserFacingError(err)) throw err;
    log.error('ChatRequest step failed (is the ChatRequest CRD installed and may the controller write it?)', {
      err,
    });
    return {
      replies: [
        renderTextReply(t({ key: 'approval.unavailable', params: { name: msg.sender.name } }), msg.sender.id),
      ],
    };
  }
}

export type { ApprovalFlow, DecisionName };
