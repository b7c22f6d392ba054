// The dispatcher's side of dry runs and ChatRequests (src/approvals): `--dry-run` previews, commands with
// spec.approval opening a request instead of running, and approve/reject/cancel CODE.
import { isMutatingAction } from '../api/action-names.ts';
import { getAction } from '../api/get-action.ts';
import type { FlowReply } from '../approvals/approval-flow.ts';
import { renderDryRun } from '../approvals/render-request.ts';
import type { DecisionWords } from '../commands/decision-words.ts';
import type { Invocation } from '../commands/invocation.ts';
import { isUserFacingError } from '../errors.ts';
import { toRequester } from './limits/limit-keys.ts';
import { describeRefusal } from './limits/refusal-message.ts';
import { refuseLimited } from './refusals.ts';
import { renderTextReply } from './render-reply-text.ts';
import { toActionRequest } from './to-action-request.ts';
import { count, reply, say, type DispatchKit, type Turn } from './turn.ts';

/** True when the invocation is a preview of a mutating action (a read with --dry-run simply reads). */
export function isPreview(inv: Invocation): boolean {
  return inv.dryRun === true && isMutatingAction(getAction(inv.command.spec.action));
}

/** `--dry-run`: the API server computes the change as the runner (dryRun=All); nothing changes. */
export async function previewAction(kit: DispatchKit, turn: Turn, inv: Invocation): Promise<void> {
  const { msg, t } = turn;
  const request = toActionRequest(inv);
  const outcome = await kit.deps.actions.run(request, {
    target: { kind: inv.target.kind, namespace: inv.namespace, name: inv.target.name },
    ...(inv.command.spec.targets.selector ? { selector: inv.command.spec.targets.selector } : {}),
    signal: AbortSignal.timeout(kit.deps.actionTimeoutMs),
    requester: { id: msg.sender.id, name: msg.sender.name },
    dryRun: true,
  });
  if (!outcome.preview) throw new Error('a dry run returned no preview');
  count(kit, request.type, 'succeeded');
  turn.log.info('command previewed', { action: request.type, sender: msg.sender.id });
  return reply(kit, turn, renderDryRun(outcome.preview, t, msg.sender.id, request.type === 'webhook'));
}

/** Sends a step's replies in order, and its follow-up when it comes (tracked, so shutdown waits for it). */
async function sendFlow(kit: DispatchKit, turn: Turn, out: FlowReply): Promise<void> {
  for (const r of out.replies) await reply(kit, turn, r);
  const later = out.followUp;
  if (later) kit.inFlight.track(later.then((r) => reply(kit, turn, r)));
}

/**
 * Runs a flow step; the cluster being unable to record a request (API down, CRD missing) is a polite "try again",
 * never an action run without its approval.
 */
async function runFlowStep(kit: DispatchKit, turn: Turn, step: () => Promise<FlowReply>): Promise<void> {
  let out: FlowReply;
  try {
    out = await step();
  } catch (err) {
    if (isUserFacingError(err)) throw err;
    turn.log.error(
      'ChatRequest step failed (is the ChatRequest CRD installed, may the controller write it?)',
      {
        err,
      },
    );
    return say(kit, turn, { key: 'approval.unavailable', params: { name: turn.msg.sender.name } });
  }
  return sendFlow(kit, turn, out);
}

/** A command with spec.approval: a preview and a Pending ChatRequest instead of the action. */
export function openRequest(kit: DispatchKit, turn: Turn, inv: Invocation): Promise<void> {
  const request = toActionRequest(inv);
  // Opening reads and writes the cluster: it spends the sender's attempt budget like a refused command.
  const admitted = kit.limits?.admitAttempt(toRequester(turn.msg));
  if (admitted && !admitted.ok) return refuseLimited(kit, turn, inv.command, request.type, admitted);
  const flow = kit.deps.approvals;
  if (!flow) return say(kit, turn, { key: 'approval.unavailable', params: { name: turn.msg.sender.name } });
  return runFlowStep(kit, turn, () => flow.open(turn.msg, inv, turn.t));
}

/** approve / reject / cancel CODE; a flood of them is bounded like any other attempt. */
export function decideRequest(kit: DispatchKit, turn: Turn, words: DecisionWords): Promise<void> {
  const { msg, t } = turn;
  const admitted = kit.limits?.admitAttempt(toRequester(msg));
  if (admitted && !admitted.ok) {
    count(kit, 'none', 'limited');
    return reply(
      kit,
      turn,
      renderTextReply(
        t(describeRefusal(admitted, { name: msg.sender.name, trigger: words.decision })),
        msg.sender.id,
      ),
    );
  }
  const flow = kit.deps.approvals;
  if (!flow)
    return say(kit, turn, {
      key: 'approval.refused.unknown-code',
      params: { name: msg.sender.name, code: words.code ?? '' },
    });
  return runFlowStep(kit, turn, () => flow.decide(msg, words.decision, words.code, t));
}
