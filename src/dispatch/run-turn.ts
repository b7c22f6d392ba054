// One turn from text to answer: size check, matching, built-ins, refusals, and the action when one matched.
import { listAvailable } from '../commands/list-available.ts';
import { matchMessage } from '../commands/match-message.ts';
import { withIdentity } from './access-hooks.ts';
import { renderAmbiguous } from './render-ambiguous.ts';
import { renderHelp, renderWhoami } from './render-builtins.ts';
import { renderTextReply } from './render-reply-text.ts';
import { overAttemptBudget, refuseAccess, refuseDenied } from './refusals.ts';
import { runAction } from './run-action.ts';
import { decideRequest } from './approval-hooks.ts';
import { actionName, audit, count, reply, say, type DispatchKit, type Turn } from './turn.ts';

/** No command is longer than a few words: a huge message is refused before the tokenizer spends time on it. */
const MAX_COMMAND_CHARS = 1000;

export async function runTurn(kit: DispatchKit, turn: Turn): Promise<void> {
  const { msg, t } = turn;
  const { deps } = kit;
  const ctx = {
    sender: { id: msg.sender.id, isAdmin: msg.sender.isAdmin },
    conversationId: msg.conversation.id,
  };
  if (msg.text.length > MAX_COMMAND_CHARS) {
    count(kit, 'none', 'invalid');
    return say(kit, turn, { key: 'dispatch.too-long', params: { max: MAX_COMMAND_CHARS } });
  }
  const match = matchMessage(deps.registry, msg.text, ctx);
  switch (match.kind) {
    case 'empty':
      count(kit, 'none', 'invalid');
      return say(kit, turn, { key: 'dispatch.empty', params: { name: msg.sender.name } });
    case 'unknown':
      count(kit, 'none', 'invalid');
      turn.log.info('unknown command', { text: msg.text.slice(0, 100) });
      return say(kit, turn, { key: 'dispatch.unknown', params: { text: match.text.slice(0, 60) } });
    case 'builtin': {
      count(kit, match.name, 'succeeded');
      if (match.name === 'whoami')
        return reply(kit, turn, withIdentity(renderWhoami(msg, t), deps.access, msg.sender, t));
      const available = listAvailable(deps.registry, ctx);
      const shown = deps.access ? await deps.access.filterAvailable(available, msg.sender) : available;
      return reply(kit, turn, renderHelp(shown, t, msg.sender.id));
    }
    case 'decision':
      return decideRequest(kit, turn, match);
    case 'ambiguous':
      count(kit, 'none', 'invalid');
      return reply(kit, turn, renderTextReply(renderAmbiguous(match, t), msg.sender.id));
    case 'conflict':
      count(kit, actionName(match.commands[0]), 'invalid');
      return say(kit, turn, {
        key: 'dispatch.conflict',
        params: {
          trigger: match.commands[0]?.spec.trigger ?? '',
          namespace: match.commands[0]?.metadata.namespace ?? '',
          names: match.commands.map((c) => c.metadata.name).join(', '),
        },
      });
    case 'denied':
      return refuseDenied(kit, turn, match.commands, match.reason, match.trigger);
    case 'invalid': {
      const limited = overAttemptBudget(kit, turn, match.command);
      if (limited) return limited;
      count(kit, actionName(match.command), 'invalid');
      audit(kit, turn, match.command, 'Invalid', `invalid: ${t(match.error.userMessage)}`);
      return say(kit, turn, match.error.userMessage);
    }
    case 'ok': {
      // issue 17: the sender's own Kubernetes identity must be allowed too (after allow, before the runner).
      // Without a gate nothing is awaited, so the limits see the message in the tick it arrived.
      const refusal = deps.access ? await deps.access.review(match.invocation, msg.sender) : undefined;
      if (refusal) return refuseAccess(kit, turn, match.invocation.command, refusal);
      return runAction(kit, turn, match.invocation);
    }
  }
}
