// Running an approved request, once, as its executor, and writing its result.
import type { ActionOutcome } from '../actions/types.ts';
import type { ChatRequest } from '../api/chat-request.ts';
import { isUserFacingError } from '../errors.ts';
import type { Invocation } from '../commands/invocation.ts';
import { isConflict } from '../kube/api-status.ts';
import { toActionRequest } from '../dispatch/to-action-request.ts';
import { renderOutcome } from '../dispatch/render-reply-text.ts';
import type { FlowReply } from './approval-flow.ts';
import { MAX_ATTEMPTS, type FlowKit } from './flow-kit.ts';
import { codeOfName } from './request-code.ts';
import { mentionsOf, renderNotice, type Translate } from './render-request.ts';
import { transition } from './state-machine.ts';

export async function execute(
  kit: FlowKit,
  req: ChatRequest,
  inv: Invocation,
  t: Translate,
): Promise<FlowReply> {
  const code = codeOfName(req.metadata.name);
  const mentions = [
    ...mentionsOf(req, inv.command.spec.approval).slice(0, 1),
    ...(req.status.approvals ?? []).map((a) => a.id),
  ];
  const requester = { id: req.spec.requester.id, name: req.spec.requester.name };
  let outcome: ActionOutcome;
  try {
    outcome = await kit.deps.actions.run(toActionRequest(inv), {
      target: { kind: inv.target.kind, namespace: inv.namespace, name: inv.target.name },
      ...(inv.command.spec.targets.selector ? { selector: inv.command.spec.targets.selector } : {}),
      signal: AbortSignal.timeout(kit.deps.actionTimeoutMs),
      requester,
    });
  } catch (err) {
    const message = isUserFacingError(err) ? t(err.userMessage) : 'internal error';
    if (!isUserFacingError(err))
      kit.deps.log.error('approved action failed', { err, request: req.metadata.name });
    await finish(kit, req, false, message);
    kit.deps.onRun?.(req, inv.command, false, message);
    return {
      replies: [
        renderNotice(
          '❌',
          t({ key: 'approval.result', params: { code, requester: requester.name, result: message } }),
          mentions,
        ),
      ],
    };
  }
  const summary = t(outcome.summary);
  await finish(kit, req, outcome.ok, summary);
  kit.deps.onRun?.(req, inv.command, outcome.ok, summary);
  const heading = t({
    key: 'approval.result',
    params: { code, requester: requester.name, result: '' },
  }).replace(/[:：]\s*$/, '');
  const first = renderOutcome(outcome, t, requester.id, heading);
  const reply = { ...first, mentionUserIds: [...new Set([...first.mentionUserIds, ...mentions])] };
  const followUp = outcome.followUp?.then((next) => renderOutcome(next, t, requester.id, heading));
  return followUp ? { replies: [reply], followUp } : { replies: [reply] };
}

/** Writes the executor's result; only the executor writes an Approved request, so a conflict is a retry, not a race. */
export async function finish(kit: FlowKit, req: ChatRequest, ok: boolean, message: string): Promise<void> {
  let current: ChatRequest | undefined = req;
  for (let i = 0; i < MAX_ATTEMPTS && current; i++) {
    const next = transition(
      current.status,
      { type: 'finish', ok, message: message.slice(0, 2048) },
      { spec: current.spec, policy: undefined, now: kit.now() },
    );
    if (!next.ok) return;
    try {
      await kit.deps.store.writeStatus(current, next.status);
      kit.deps.metrics.requests.inc({ action: req.spec.action, outcome: ok ? 'succeeded' : 'failed' });
      return;
    } catch (err) {
      if (!isConflict(err)) {
        kit.deps.log.error('cannot record the result of a request', { err, request: req.metadata.name });
        return;
      }
      current = await kit.deps.store.get(req.metadata.namespace, req.metadata.name);
    }
  }
}
