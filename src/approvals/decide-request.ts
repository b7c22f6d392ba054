// Deciding a request (approve, reject, cancel, confirm): a transition written conditionally on the
// resourceVersion it was computed from; on a conflict the decision is made again on what is there now.
import type { ChatRequest, ChatRequestStatus } from '../api/chat-request.ts';
import { UserFacingError } from '../errors.ts';
import type { DecisionName } from '../commands/decision-words.ts';
import { isConflict } from '../kube/api-status.ts';
import type { InboundMessage } from '../dispatch/ports/chat.ts';
import type { FlowReply } from './approval-flow.ts';
import { execute } from './execute-request.ts';
import { MAX_ATTEMPTS, observeDecision, REFUSAL_KEYS, say, type FlowKit } from './flow-kit.ts';
import { recheck } from './recheck-request.ts';
import { codeOfName } from './request-code.ts';
import { renderNotice, type Translate } from './render-request.ts';
import { transition, type Decider, type RequestEvent } from './state-machine.ts';

/**
 * The request with this code that the message may concern: its own conversation's first. A request made elsewhere
 * exists for this sender only if they have a say in it (its requester, or a listed approver): anyone else learns
 * nothing — not its state, not who asked — and gets "no such request here".
 */
export async function findRequest(
  kit: FlowKit,
  code: string,
  msg: InboundMessage,
): Promise<ChatRequest | undefined> {
  const found = await kit.deps.store.findByCode(code);
  const here = found.find((r) => r.spec.conversation.id === msg.conversation.id);
  return here ?? found.find((r) => hasSayIn(kit, r, msg.sender.id));
}

function hasSayIn(kit: FlowKit, req: ChatRequest, senderId: string): boolean {
  if (senderId === '') return false;
  if (req.spec.requester.id === senderId) return true;
  const users = kit.deps.findCommand(req.metadata.namespace, req.spec.command.name)?.spec.approval?.approvers
    ?.users;
  return users !== undefined && (users.includes(senderId) || users.includes('*'));
}

export function describe(req: ChatRequest, status: ChatRequestStatus, t: Translate, by: Decider): FlowReply {
  const code = codeOfName(req.metadata.name);
  const mentions = [req.spec.requester.id, by.id];
  const names = (status.approvals ?? []).map((a) => a.name).join(', ');
  switch (status.state) {
    case 'Pending':
      return {
        replies: [
          renderNotice(
            '👍',
            t({
              key: 'approval.recorded',
              params: {
                code,
                approver: by.name,
                count: status.approvals?.length ?? 0,
                required: req.spec.required,
              },
            }),
            mentions,
          ),
        ],
      };
    case 'Rejected':
      return {
        replies: [
          renderNotice('🚫', t({ key: 'approval.rejected', params: { code, by: by.name } }), mentions),
        ],
      };
    case 'Cancelled':
      return {
        replies: [
          renderNotice('🚫', t({ key: 'approval.cancelled', params: { code, by: by.name } }), mentions),
        ],
      };
    default:
      return {
        replies: [
          renderNotice('✅', t({ key: 'approval.approved', params: { code, approvers: names } }), mentions),
        ],
      };
  }
}

export async function decideRequest(
  kit: FlowKit,
  msg: InboundMessage,
  decision: DecisionName,
  code: string | undefined,
  t: Translate,
): Promise<FlowReply> {
  const name = msg.sender.name;
  if (code === undefined)
    return say(t({ key: 'approval.refused.bad-code', params: { name } }), msg.sender.id);
  let req = await findRequest(kit, code, msg);
  if (!req) return say(t({ key: 'approval.refused.unknown-code', params: { name, code } }), msg.sender.id);
  const by: Decider = {
    id: msg.sender.id,
    name,
    isAdmin: msg.sender.isAdmin,
    conversationId: msg.conversation.id,
  };
  const event: RequestEvent = { type: decision, by };
  for (let attempt = 0; attempt < MAX_ATTEMPTS && req; attempt++) {
    const policy = kit.deps.findCommand(req.metadata.namespace, req.spec.command.name)?.spec.approval;
    const ctx = { spec: req.spec, policy, now: kit.now() };
    const next = transition(req.status, event, ctx);
    if (!next.ok) {
      if (next.refusal === 'expired') await expireNow(kit, req);
      const params = { name, code, state: req.status.state, requester: req.spec.requester.name };
      return say(t({ key: REFUSAL_KEYS[next.refusal], params }), msg.sender.id);
    }
    try {
      if (!next.execute) {
        const written = await kit.deps.store.writeStatus(req, next.status);
        observeDecision(kit, written, next.status);
        return describe(written, next.status, t, by);
      }
      // The last approval: check everything again before the write that decides who runs it.
      const checked = await recheck(kit, req, t);
      if (!('inv' in checked) || checked.inv === undefined) {
        const refused = transition(req.status, checked.event, ctx);
        if (!refused.ok) continue;
        const written = await kit.deps.store.writeStatus(req, refused.status);
        observeDecision(kit, written, refused.status);
        const text = t({
          key: checked.key,
          params: {
            code,
            kind: req.spec.target.kind.toLowerCase(),
            name: req.spec.target.name,
            reason: refused.status.message ?? '',
          },
        });
        return { replies: [renderNotice('⚠️', text, [req.spec.requester.id, by.id], checked.extra)] };
      }
      const won = await kit.deps.store.writeStatus(req, { ...next.status, executor: kit.deps.identity });
      observeDecision(kit, won, next.status);
      kit.deps.log.info('request approved; running it', {
        request: `${req.metadata.namespace}/${req.metadata.name}`,
        by: by.id,
      });
      const [approved] = describe(won, won.status, t, by).replies;
      const ran = await execute(kit, won, checked.inv, t);
      // One message: who approved, then what happened.
      const [result, ...more] = ran.replies;
      const merged =
        approved && result
          ? {
              title: result.title,
              markdown: `${approved.markdown}\n\n${result.markdown}`,
              mentionUserIds: [...new Set([...approved.mentionUserIds, ...result.mentionUserIds])],
            }
          : (result ?? approved);
      return {
        replies: [...(merged ? [merged] : []), ...more],
        ...(ran.followUp ? { followUp: ran.followUp } : {}),
      };
    } catch (err) {
      if (!isConflict(err)) throw err;
      // Someone decided in between (another approver, maybe on another replica): decide again on what is there now.
      req = await kit.deps.store.get(req.metadata.namespace, req.metadata.name);
    }
  }
  if (!req) return say(t({ key: 'approval.refused.unknown-code', params: { name, code } }), msg.sender.id);
  throw new UserFacingError('approval.refused.busy', { code });
}

export async function expireNow(kit: FlowKit, req: ChatRequest): Promise<void> {
  const next = transition(
    req.status,
    { type: 'expire' },
    { spec: req.spec, policy: undefined, now: kit.now() },
  );
  if (!next.ok) return;
  try {
    await kit.deps.store.writeStatus(req, next.status);
    observeDecision(kit, req, next.status);
  } catch (err) {
    if (!isConflict(err))
      kit.deps.log.warn('cannot mark a request expired', { err, request: req.metadata.name });
  }
}
