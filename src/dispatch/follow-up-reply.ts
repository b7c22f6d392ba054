// The answer to an action, and its one follow-up per workload and conversation (a rollout's end, a Job's result).
import type { ActionOutcome } from '../actions/types.ts';
import { renderOutcome } from './render-reply-text.ts';
import { reply, type DispatchKit, type Turn } from './turn.ts';

export async function replyWithFollowUp(
  kit: DispatchKit,
  turn: Turn,
  outcome: ActionOutcome,
  target: string,
): Promise<void> {
  const { msg, t, log } = turn;
  const watchKey = outcome.followUp ? `${msg.conversation.id}\n${outcome.followUpKey ?? target}` : undefined;
  // Asking again while the workload is watched gets a note instead of a second follow-up.
  if (watchKey !== undefined && kit.watching.has(watchKey)) {
    const note = t({ key: 'dispatch.follow-up.already-watching', params: { target } });
    const first = renderOutcome(outcome, t, msg.sender.id);
    return reply(kit, turn, { ...first, markdown: `${first.markdown}\n\n${note}` });
  }
  // Marked before the first reply is awaited, so a second request meanwhile sees it.
  if (watchKey !== undefined) kit.watching.add(watchKey);
  await reply(kit, turn, renderOutcome(outcome, t, msg.sender.id));
  if (!outcome.followUp || watchKey === undefined) return;
  kit.inFlight.track(
    outcome.followUp
      .then(async (next) => {
        log.info('follow-up', { ok: next.ok, summary: t(next.summary) });
        const heading = t({ key: 'dispatch.follow-up', params: { target } });
        await reply(kit, turn, renderOutcome(next, t, msg.sender.id, heading));
      })
      .finally(() => kit.watching.delete(watchKey)),
  );
}
