// One message's turn through the dispatcher: its language, its log context and its error reference, and the
// shared means every step uses to answer, audit and count.
import type { ChatCommand } from '../api/chat-command.ts';
import { actionTypeOf } from '../api/action-names.ts';
import type { CommandResult } from '../metrics/metrics.ts';
import type { Logger } from '../log/logger.ts';
import type { UserMessage } from '../errors.ts';
import type { InboundMessage, OutboundReply } from './ports/chat.ts';
import type { AuditOutcome } from './ports/audit-sink.ts';
import type { DispatcherDeps } from './dispatcher-deps.ts';
import type { InFlight } from './in-flight.ts';
import type { CommandLimits } from './limits/command-limits.ts';
import { renderTextReply, type Translate } from './render-reply-text.ts';

export interface Turn {
  readonly msg: InboundMessage;
  readonly t: Translate;
  readonly log: Logger;
  /** Names this turn in the operators' log when chat only says "internal error (ref …)". */
  readonly ref: string;
}

/** What every step of a turn shares: the dependencies, the limits of this replica, and the tracked work. */
export interface DispatchKit {
  readonly deps: DispatcherDeps;
  readonly limits: CommandLimits | undefined;
  readonly inFlight: InFlight;
  /** conversation + workload of every follow-up reply still to come. */
  readonly watching: Set<string>;
}

export async function reply(kit: DispatchKit, turn: Turn, out: OutboundReply): Promise<void> {
  const { msg } = turn;
  // The conversation lets a platform post through its API once the reply window has closed.
  const conversation = { id: msg.conversation.id, type: msg.conversation.type, userId: msg.sender.id };
  const result = await kit.deps.replies.send({ ...msg.replyTo, conversation }, out);
  if (result.ok) turn.log.debug('reply delivered', { attempts: result.attempts });
  else turn.log.error('reply not delivered', { attempts: result.attempts, reason: result.reason });
}

/** A plain-text answer to the sender, @-mentioning them. */
export function say(kit: DispatchKit, turn: Turn, m: UserMessage): Promise<void> {
  return reply(kit, turn, renderTextReply(turn.t(m), turn.msg.sender.id));
}

export function audit(
  kit: DispatchKit,
  turn: Turn,
  cmd: ChatCommand,
  outcome: AuditOutcome,
  result: string,
): void {
  const { msg } = turn;
  const { deps } = kit;
  kit.inFlight.track(
    deps.audit.record({
      command: {
        namespace: cmd.metadata.namespace,
        name: cmd.metadata.name,
        uid: deps.commandUid(cmd.metadata.namespace, cmd.metadata.name) ?? cmd.metadata.uid,
      },
      outcome,
      sender: { id: msg.sender.id, name: msg.sender.name, unionId: msg.sender.unionId },
      conversation: { id: msg.conversation.id, title: msg.conversation.title },
      text: msg.text,
      result,
      messageId: msg.messageId,
    }),
  );
}

export function count(kit: DispatchKit, action: string, result: CommandResult): void {
  kit.deps.metrics.commands.inc({ action, result });
}

/** The metrics/audit name of what a command does; 'none' when there is no command. */
export function actionName(cmd: ChatCommand | undefined): string {
  return cmd ? actionTypeOf(cmd.spec.action) : 'none';
}
