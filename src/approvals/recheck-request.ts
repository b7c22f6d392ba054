// The last approval's checks, before the write that decides who runs: the same ChatCommand still matches the
// original text for the requester, still asks for approval, and the target has not changed since the preview.
import type { ChatRequest } from '../api/chat-request.ts';
import type { Invocation } from '../commands/invocation.ts';
import { dryRun, type FlowKit } from './flow-kit.ts';
import { renderChanges, type Translate } from './render-request.ts';
import type { RequestEvent } from './state-machine.ts';

/** Re-checks the command and the target; undefined when the request may run, else the refusal to write. */
export async function recheck(
  kit: FlowKit,
  req: ChatRequest,
  t: Translate,
): Promise<{ event: RequestEvent; extra: string[]; key: string; inv?: undefined } | { inv: Invocation }> {
  const cmd = kit.deps.findCommand(req.metadata.namespace, req.spec.command.name);
  const changed = (reason: string) => ({
    event: { type: 'refuse', reason: 'CommandChanged', message: reason } as RequestEvent,
    extra: [],
    key: 'approval.command-changed',
  });
  if (!cmd || (cmd.metadata.uid ?? '') !== req.spec.command.uid)
    return changed('the ChatCommand was deleted or replaced');
  const m = kit.deps.match(
    req.spec.text,
    { id: req.spec.requester.id, isAdmin: req.spec.requester.isAdmin },
    req.spec.conversation.id,
  );
  if (m.kind !== 'ok')
    return changed(m.kind === 'invalid' ? t(m.error.userMessage) : `the message now matches: ${m.kind}`);
  const inv = m.invocation;
  if (
    inv.command.metadata.namespace !== req.metadata.namespace ||
    inv.command.metadata.name !== req.spec.command.name
  )
    return changed('the message now matches another command');
  if (!inv.command.spec.approval) return changed('the command no longer asks for approval');
  if (req.spec.preview.observed.uid === '') return { inv };
  const fresh = await dryRun(kit, inv, req.spec.requester);
  const seen = req.spec.preview.observed;
  if (fresh.observed.uid !== seen.uid || fresh.observed.generation !== seen.generation) {
    return {
      event: {
        type: 'refuse',
        reason: 'TargetChanged',
        message: `generation ${seen.generation} → ${fresh.observed.generation}`,
      },
      extra: [`**${t(fresh.summary)}**`, renderChanges(fresh, t)],
      key: 'approval.target-changed',
    };
  }
  return { inv };
}
