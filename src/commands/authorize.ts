// Decides whether a sender may run a command in a conversation: deny by default, "*" as the only wildcard.
import type { Allow, ChatCommand } from '../api/chat-command.ts';
import { WILDCARD } from '../api/chat-command.ts';

export interface Sender {
  /** Organisation user id (DingTalk senderStaffId); empty for senders the platform cannot identify. */
  readonly id: string;
  readonly isAdmin: boolean;
}

export type DenyReason = 'conversation' | 'user' | 'admin' | 'no-sender-id';

export type Authorization =
  { readonly allowed: true } | { readonly allowed: false; readonly reason: DenyReason };

/** True when the command may be used in this conversation at all (before asking who is sending). */
export function admitsConversation(allow: Allow, conversationId: string): boolean {
  const list = allow.conversations ?? [];
  return list.includes(WILDCARD) || (conversationId !== '' && list.includes(conversationId));
}

export function authorize(command: ChatCommand, sender: Sender, conversationId: string): Authorization {
  const { allow } = command.spec;
  if (!admitsConversation(allow, conversationId)) return { allowed: false, reason: 'conversation' };
  const users = allow.users ?? [];
  // Senders without a staff id are outside the organisation: "*" means its staff, and admits them only when
  // the owner opted in with allow.externalMembers. No listed id can ever name them.
  if (sender.id === '') {
    if (!(users.includes(WILDCARD) && allow.externalMembers === true))
      return { allowed: false, reason: 'no-sender-id' };
  } else if (!users.includes(WILDCARD) && !users.includes(sender.id)) {
    return { allowed: false, reason: 'user' };
  }
  if (allow.admins && !sender.isAdmin) return { allowed: false, reason: 'admin' };
  return { allowed: true };
}
