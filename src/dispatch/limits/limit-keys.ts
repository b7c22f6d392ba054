// What the abuse limits count by: the sender, the conversation, and a mutating command's target workload.
import { isMutatingAction } from '../../api/action-names.ts';
import { getAction } from '../../api/get-action.ts';
import type { Invocation } from '../../commands/invocation.ts';
import type { InboundMessage } from '../ports/chat.ts';
import type { CooldownRequest, Requester } from './command-limits.ts';

/**
 * External users have no staff id; keying them all as "" would let one of them use up everyone's budget, so
 * they are told apart by conversation and display name (DingTalk signs both, so neither is forgeable here).
 */
export function toRequester(msg: InboundMessage): Requester {
  const senderKey =
    msg.sender.id !== '' ? `user:${msg.sender.id}` : `external:${msg.conversation.id}:${msg.sender.name}`;
  return { senderKey, conversationKey: msg.conversation.id };
}

/** The cooldown of a mutating command for the workload it names; undefined when none applies. */
export function toCooldownRequest(inv: Invocation): CooldownRequest | undefined {
  const seconds = inv.command.spec.cooldownSeconds;
  if (seconds === undefined || seconds <= 0) return undefined;
  if (!isMutatingAction(getAction(inv.command.spec.action))) return undefined;
  const { namespace, name } = inv.command.metadata;
  return { key: `${namespace}/${name}|${inv.target.kind}/${inv.target.name}`, seconds };
}
