// Running one matched invocation: the runner check, the action limits, the action itself, audit and the answer.
import type { ActionOutcome } from '../actions/types.ts';
import { formatCommandRef } from '../api/chat-command.ts';
import type { Invocation } from '../commands/invocation.ts';
import { isUserFacingError } from '../errors.ts';
import { toCooldownRequest, toRequester } from './limits/limit-keys.ts';
import { refuseLimited } from './refusals.ts';
import { replyWithFollowUp } from './follow-up-reply.ts';
import { checkRunner } from './runner-check.ts';
import { toActionRequest } from './to-action-request.ts';
import { audit, count, say, type DispatchKit, type Turn } from './turn.ts';
import { isPreview, openRequest, previewAction } from './approval-hooks.ts';

export async function runAction(kit: DispatchKit, turn: Turn, inv: Invocation): Promise<void> {
  const { msg, t } = turn;
  const { deps } = kit;
  const request = toActionRequest(inv);
  const noRunner =
    deps.runners &&
    checkRunner(deps.runners, inv.namespace, { name: msg.sender.name, trigger: inv.command.spec.trigger });
  if (noRunner) {
    count(kit, request.type, 'denied');
    turn.log.warn('command refused: no runner', {
      command: formatCommandRef(inv.command),
      reason: noRunner.reason,
    });
    audit(kit, turn, inv.command, 'Denied', `denied (${noRunner.reason})`);
    return say(kit, turn, noRunner.message);
  }
  // issue 14: a preview changes nothing; a command with spec.approval opens a ChatRequest instead of running.
  if (isPreview(inv)) return previewAction(kit, turn, inv);
  if (inv.command.spec.approval) return openRequest(kit, turn, inv);
  const target = `${inv.target.kind.toLowerCase()}/${inv.target.name}`;
  const permit = kit.limits?.admitAction(toRequester(msg), toCooldownRequest(inv));
  if (permit && !permit.ok) return refuseLimited(kit, turn, inv.command, request.type, permit, target);
  const started = performance.now();
  const observe = (): void =>
    deps.metrics.actionDuration.observe({ action: request.type }, (performance.now() - started) / 1000);
  let outcome: ActionOutcome;
  try {
    outcome = await deps.actions.run(request, {
      target: { kind: inv.target.kind, namespace: inv.namespace, name: inv.target.name },
      ...(inv.command.spec.targets.selector ? { selector: inv.command.spec.targets.selector } : {}),
      signal: AbortSignal.timeout(deps.actionTimeoutMs),
      ...(deps.followUpSignal ? { followUpSignal: deps.followUpSignal } : {}),
      requester: { id: msg.sender.id, name: msg.sender.name },
    });
  } catch (err) {
    permit?.finish(false);
    observe();
    const userFacing = isUserFacingError(err);
    count(kit, request.type, userFacing ? 'failed' : 'error');
    audit(
      kit,
      turn,
      inv.command,
      'Failed',
      userFacing ? t(err.userMessage) : `internal error (ref ${turn.ref})`,
    );
    throw err;
  }
  permit?.finish(outcome.ok);
  observe();
  count(kit, request.type, outcome.ok ? 'succeeded' : 'failed');
  const log = turn.log.child({
    command: formatCommandRef(inv.command),
    action: request.type,
    target: `${inv.target.kind}/${inv.target.name}`,
  });
  log.info('command ran', {
    ok: outcome.ok,
    sender: msg.sender.id,
    conversation: msg.conversation.id,
    summary: t(outcome.summary),
  });
  audit(kit, turn, inv.command, outcome.ok ? 'Succeeded' : 'Failed', t(outcome.summary));
  return replyWithFollowUp(kit, { ...turn, log }, outcome, target);
}
