// Opening a request: the caps, the dry-run preview, and the Pending ChatRequest it is recorded in.
import type { UserMessage } from '../errors.ts';
import type { Invocation } from '../commands/invocation.ts';
import type { InboundMessage } from '../dispatch/ports/chat.ts';
import { toActionRequest } from '../dispatch/to-action-request.ts';
import type { FlowReply } from './approval-flow.ts';
import { dryRun, say, type FlowKit } from './flow-kit.ts';
import { renderRequestCreated, type Translate } from './render-request.ts';

export async function checkCaps(
  kit: FlowKit,
  msg: InboundMessage,
  inv: Invocation,
): Promise<UserMessage | undefined> {
  const ns = inv.namespace;
  const [byCommand, bySender] = await Promise.all([
    kit.deps.store.countPending(ns, { command: inv.command.metadata.name }),
    kit.deps.store.countPending(ns, { requesterId: msg.sender.id }),
  ]);
  const params = { name: msg.sender.name, trigger: inv.command.spec.trigger };
  if (byCommand >= kit.deps.caps.perCommand)
    return { key: 'approval.cap.command', params: { ...params, count: byCommand } };
  if (bySender >= kit.deps.caps.perSender)
    return { key: 'approval.cap.sender', params: { ...params, count: bySender } };
  return undefined;
}

export async function openRequest(
  kit: FlowKit,
  msg: InboundMessage,
  inv: Invocation,
  t: Translate,
): Promise<FlowReply> {
  const approval = inv.command.spec.approval;
  if (!approval) throw new Error('open() called for a command without spec.approval');
  // Approvals are decided by staff ids: a sender without one could never be told apart from another.
  if (msg.sender.id === '')
    return say(t({ key: 'approval.refused.no-sender-id', params: { name: msg.sender.name, code: '' } }), '');
  const capped = await checkCaps(kit, msg, inv);
  if (capped) return say(t(capped), msg.sender.id);
  const requester = { id: msg.sender.id, name: msg.sender.name };
  const preview = await dryRun(kit, inv, requester);
  const uid = inv.command.metadata.uid ?? '';
  const req = await kit.deps.store.create({
    namespace: inv.namespace,
    spec: {
      command: { name: inv.command.metadata.name, uid },
      requester: { ...requester, isAdmin: msg.sender.isAdmin },
      conversation: {
        id: msg.conversation.id,
        type: msg.conversation.type,
        ...(msg.conversation.title !== undefined ? { title: msg.conversation.title.slice(0, 256) } : {}),
      },
      text: msg.text.slice(0, 1000),
      action: toActionRequest(inv).type,
      target: { kind: inv.target.kind, name: inv.target.name },
      mode: approval.confirm ? 'Confirm' : 'Approval',
      required: approval.confirm ? 1 : approval.required,
      expiresAt: new Date(kit.now() + approval.timeoutSeconds * 1000).toISOString(),
      preview: {
        summary: t(preview.summary).slice(0, 1024),
        changes: preview.changes.slice(0, 20).map((c) => c.slice(0, 512)),
        observed: preview.observed,
      },
    },
  });
  kit.deps.metrics.requests.inc({ action: req.spec.action, outcome: 'created' });
  kit.deps.sessions?.remember(req, msg.replyTo);
  kit.deps.log.info('request opened', {
    request: `${req.metadata.namespace}/${req.metadata.name}`,
    sender: msg.sender.id,
  });
  return { replies: [renderRequestCreated(req, approval, t)] };
}
