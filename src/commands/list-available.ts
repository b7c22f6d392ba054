// What `help` shows: the commands this sender may run in this conversation, each with a localised usage line.
import type { ChatCommand } from '../api/chat-command.ts';
import type { ActionKind } from '../api/get-action.ts';
import { getAction } from '../api/get-action.ts';
import type { UserMessage } from '../errors.ts';
import { authorize } from './authorize.ts';
import type { MatchContext } from './match-message.ts';
import type { CommandRegistry } from './registry.ts';
import { describeUsage } from './usage.ts';
import { compareText } from '../lib/compare-text.ts';

export interface AvailableCommand {
  readonly namespace: string;
  readonly name: string;
  readonly trigger: string;
  readonly aliases: readonly string[];
  readonly description?: string;
  readonly action: ActionKind;
  /** e.g. "scale <web|api> <1..10> — set the replica count (1–10), e.g. scale web 3". */
  readonly usage: UserMessage;
  /** Set when the command runs only after a confirmation or approvals (docs/design/0012-approvals.md). */
  readonly approval?: UserMessage;
}

/**
 * Sorted by trigger, then namespace. Commands the sender may not run are left out entirely (Errbot's
 * HIDE_RESTRICTED_COMMANDS): help must not advertise what would be denied. Walks every command; help is
 * rare, and an index per conversation would have to track "*" as well.
 */
export function listAvailable(registry: CommandRegistry, ctx: MatchContext): AvailableCommand[] {
  // Filter before sorting: with thousands of commands, few are for this sender here.
  return [...registry.values()]
    .filter((c) => authorize(c, ctx.sender, ctx.conversationId).allowed)
    .sort(
      (a, b) =>
        compareText(a.spec.trigger, b.spec.trigger) ||
        compareText(a.metadata.namespace, b.metadata.namespace) ||
        compareText(a.metadata.name, b.metadata.name),
    )
    .map(toAvailable);
}

function toAvailable(command: ChatCommand): AvailableCommand {
  const { spec, metadata } = command;
  return {
    namespace: metadata.namespace,
    name: metadata.name,
    trigger: spec.trigger,
    aliases: spec.aliases ?? [],
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    action: getAction(spec.action).type,
    usage: describeUsage(command),
    ...(spec.approval ? { approval: describeApproval(spec.approval) } : {}),
  };
}

function describeApproval(approval: NonNullable<ChatCommand['spec']['approval']>): UserMessage {
  return approval.confirm
    ? { key: 'approval.help.needs-confirm' }
    : { key: 'approval.help.needs-approval', params: { required: approval.required } };
}
