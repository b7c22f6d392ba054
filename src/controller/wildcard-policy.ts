// Which namespaces may open a ChatCommand to every conversation (allow.conversations "*"): the operator's choice.
import { WILDCARD, type ChatCommand } from '../api/chat-command.ts';

/** True when the command may run as written: it names its conversations, or its namespace may use "*". */
export type WildcardPolicy = (command: ChatCommand) => boolean;

/**
 * "*" reaches every group the robot is in and every direct chat, so one tenant could offer commands in groups it
 * does not own. Only namespaces the operator lists (or all, with "*") may do that; deny by default.
 */
export function createWildcardPolicy(namespaces: readonly string[]): WildcardPolicy {
  const all = namespaces.includes(WILDCARD);
  const allowed = new Set(namespaces);
  return (command) =>
    all ||
    allowed.has(command.metadata.namespace) ||
    !(command.spec.allow.conversations ?? []).includes(WILDCARD);
}

export function describeWildcardRefusal(namespace: string): string {
  return `allow.conversations "*" is not permitted in namespace ${namespace}: the operator allows it only in the namespaces of KUBETALK_ANY_CONVERSATION_NAMESPACES (chart value config.anyConversationNamespaces). List the conversation ids instead (from whoami), or ask the operator.`;
}
