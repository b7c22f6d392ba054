// The turns that end in a refusal: a limit, a denial by allow rules, or the Kubernetes access gate.
import { formatCommandRef, type ChatCommand } from '../api/chat-command.ts';
import type { AccessRefusal } from '../authz/access-gate.ts';
import type { DenyReason } from '../commands/authorize.ts';
import type { Refusal } from './limits/command-limits.ts';
import { toRequester } from './limits/limit-keys.ts';
import { describeRefusal } from './limits/refusal-message.ts';
import { actionName, audit, count, reply, say, type DispatchKit, type Turn } from './turn.ts';
import { renderTextReply } from './render-reply-text.ts';

/** A refused message writes at most this many audit Events, however many namespaces answer to its words. */
const MAX_DENIED_AUDITS = 5;

const DENIED_KEYS: Readonly<Record<DenyReason, string>> = {
  conversation: 'dispatch.denied',
  user: 'dispatch.denied',
  admin: 'dispatch.denied.admin',
  'no-sender-id': 'dispatch.denied.no-sender-id',
};

/** A limit refused: nothing runs and nothing is audited (that is what limits protect); counted and logged. */
export function refuseLimited(
  kit: DispatchKit,
  turn: Turn,
  cmd: ChatCommand,
  action: string,
  refusal: Refusal,
  target?: string,
): Promise<void> {
  const { msg, t } = turn;
  count(kit, action, 'limited');
  turn.log.info('command limited', {
    command: formatCommandRef(cmd),
    reason: refusal.reason,
    retryAfterSeconds: refusal.retryAfterSeconds,
    sender: msg.sender.id,
    ...(target !== undefined ? { target } : {}),
  });
  const message = describeRefusal(refusal, {
    name: msg.sender.name,
    trigger: cmd.spec.trigger,
    ...(target !== undefined ? { target } : {}),
  });
  return reply(kit, turn, renderTextReply(t(message), msg.sender.id));
}

/** Denied and invalid attempts write an audit Event, so they spend the sender's budget too: over it, limited. */
export function overAttemptBudget(kit: DispatchKit, turn: Turn, cmd: ChatCommand): Promise<void> | undefined {
  const admitted = kit.limits?.admitAttempt(toRequester(turn.msg));
  return admitted && !admitted.ok ? refuseLimited(kit, turn, cmd, actionName(cmd), admitted) : undefined;
}

/** The Kubernetes access gate refused: nothing runs; counted, logged and audited like any denial. */
export function refuseAccess(
  kit: DispatchKit,
  turn: Turn,
  cmd: ChatCommand,
  refusal: AccessRefusal,
): Promise<void> {
  const limited = overAttemptBudget(kit, turn, cmd);
  if (limited) return limited;
  count(kit, actionName(cmd), 'denied');
  turn.log.info('command denied', {
    command: formatCommandRef(cmd),
    reason: `kubernetes-access:${refusal.reason}`,
    sender: turn.msg.sender.id,
  });
  audit(kit, turn, cmd, 'Denied', `denied (${refusal.detail})`);
  return say(kit, turn, refusal.message);
}

/** The allow rules refused: each namespace's owner sees the attempt on their own command; the reply names none. */
export function refuseDenied(
  kit: DispatchKit,
  turn: Turn,
  commands: readonly ChatCommand[],
  reason: DenyReason,
  trigger: string,
): Promise<void> {
  const [first] = commands;
  const limited = first && overAttemptBudget(kit, turn, first);
  if (limited) return limited;
  count(kit, actionName(first), 'denied');
  turn.log.info('command denied', {
    commands: commands.map(formatCommandRef),
    reason,
    sender: turn.msg.sender.id,
  });
  for (const c of commands.slice(0, MAX_DENIED_AUDITS)) audit(kit, turn, c, 'Denied', `denied (${reason})`);
  return say(kit, turn, { key: DENIED_KEYS[reason], params: { name: turn.msg.sender.name, trigger } });
}
