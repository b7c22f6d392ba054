// Opening and deciding ChatRequests: the preview (a dry run) becomes a Pending object in the API server; a decision
// is a write conditional on the resourceVersion it was computed from, and only the write that reaches Approved
// runs the action — so it runs once, whichever replica, however many approvers answer at the same time.
import type { ActionOutcome, ActionPreview, ActionRunner } from '../actions/types.ts';
import type { ChatCommand } from '../api/chat-command.ts';
import type { ChatRequest, ChatRequestStatus } from '../api/chat-request.ts';
import { isUserFacingError, UserFacingError, type UserMessage } from '../errors.ts';
import type { Invocation } from '../commands/invocation.ts';
import type { MatchResult } from '../commands/match-message.ts';
import type { DecisionName } from '../commands/decision-words.ts';
import { isConflict } from '../kube/api-status.ts';
import type { Logger } from '../log/logger.ts';
import type { InboundMessage, OutboundReply } from '../dispatch/ports/chat.ts';
import { toActionRequest } from '../dispatch/to-action-request.ts';
import { renderOutcome } from '../dispatch/render-reply-text.ts';
import type { RequestMetrics } from './request-metrics.ts';
import { codeOfName } from './request-code.ts';
import type { RequestStore } from './request-store.ts';
import type { SessionBook } from './session-book.ts';
import {
  mentionsOf,
  renderChanges,
  renderNotice,
  renderRequestCreated,
  type Translate,
} from './render-request.ts';
import { transition, type Decider, type RequestEvent, type Refusal } from './state-machine.ts';

export interface ApprovalCaps {
  /** Pending requests one ChatCommand may have at once. */
  readonly perCommand: number;
  /** Pending requests one sender may have at once (per namespace). */
  readonly perSender: number;
}

export interface ApprovalFlowDeps {
  readonly store: RequestStore;
  readonly actions: ActionRunner;
  /** The live ChatCommand of that namespace/name, as the registry has it now. */
  readonly findCommand: (namespace: string, name: string) => ChatCommand | undefined;
  /** Matches a message as `sender` in `conversationId` against the registry as it is now. */
  readonly match: (
    text: string,
    sender: { id: string; isAdmin: boolean },
    conversationId: string,
  ) => MatchResult;
  readonly caps: ApprovalCaps;
  readonly metrics: RequestMetrics;
  readonly log: Logger;
  readonly actionTimeoutMs: number;
  /** This replica, recorded as the executor of what it runs. */
  readonly identity: string;
  readonly now?: () => number;
  /** Remembers where the opening message can still be answered (expiry announcements from this replica). */
  readonly sessions?: SessionBook;
  /** Called with each real run's outcome (audit Event). */
  readonly onRun?: (req: ChatRequest, cmd: ChatCommand, ok: boolean, result: string) => void;
}

export interface RequestSender {
  readonly id: string;
  readonly name: string;
}

/** What a step says: replies now, and maybe a follow-up reply later (a rollout being followed). */
export interface FlowReply {
  readonly replies: readonly OutboundReply[];
  readonly followUp?: Promise<OutboundReply>;
}

const MAX_ATTEMPTS = 5;

const REFUSAL_KEYS: Readonly<Record<Refusal, string>> = {
  ended: 'approval.refused.ended',
  'not-pending': 'approval.refused.busy',
  'not-approved': 'approval.refused.ended',
  expired: 'approval.refused.expired',
  'not-yet-expired': 'approval.refused.busy',
  'self-approval': 'approval.refused.self-approval',
  'not-approver': 'approval.refused.not-approver',
  'already-approved': 'approval.refused.already-approved',
  'other-conversation': 'approval.refused.other-conversation',
  'not-requester': 'approval.refused.not-requester',
  'no-sender-id': 'approval.refused.no-sender-id',
};

function say(text: string, mention: string): FlowReply {
  return {
    replies: [
      {
        title: text.replace(/[*_`#>]/g, '').slice(0, 60),
        markdown: text,
        mentionUserIds: mention ? [mention] : [],
      },
    ],
  };
}

export interface ApprovalFlow {
  /** A command with spec.approval was asked for: preview it and record a Pending request. */
  open(msg: InboundMessage, inv: Invocation, t: Translate): Promise<FlowReply>;
  /** approve / reject / cancel CODE. */
  decide(
    msg: InboundMessage,
    decision: DecisionName,
    code: string | undefined,
    t: Translate,
  ): Promise<FlowReply>;
}

export function createApprovalFlow(deps: ApprovalFlowDeps): ApprovalFlow {
  const now = deps.now ?? Date.now;

  async function dryRun(inv: Invocation, requester: RequestSender): Promise<ActionPreview> {
    const outcome = await deps.actions.run(toActionRequest(inv), {
      target: { kind: inv.target.kind, namespace: inv.namespace, name: inv.target.name },
      ...(inv.command.spec.targets.selector ? { selector: inv.command.spec.targets.selector } : {}),
      signal: AbortSignal.timeout(deps.actionTimeoutMs),
      requester,
      dryRun: true,
    });
    if (!outcome.preview) throw new Error('a dry run returned no preview');
    return outcome.preview;
  }

  async function checkCaps(msg: InboundMessage, inv: Invocation): Promise<UserMessage | undefined> {
    const ns = inv.namespace;
    const [byCommand, bySender] = await Promise.all([
      deps.store.countPending(ns, { command: inv.command.metadata.name }),
      deps.store.countPending(ns, { requesterId: msg.sender.id }),
    ]);
    const params = { name: msg.sender.name, trigger: inv.command.spec.trigger };
    if (byCommand >= deps.caps.perCommand)
      return { key: 'approval.cap.command', params: { ...params, count: byCommand } };
    if (bySender >= deps.caps.perSender)
      return { key: 'approval.cap.sender', params: { ...params, count: bySender } };
    return undefined;
  }

  async function open(msg: InboundMessage, inv: Invocation, t: Translate): Promise<FlowReply> {
    const approval = inv.command.spec.approval;
    if (!approval) throw new Error('open() called for a command without spec.approval');
    // Approvals are decided by staff ids: a sender without one could never be told apart from another.
    if (msg.sender.id === '')
      return say(
        t({ key: 'approval.refused.no-sender-id', params: { name: msg.sender.name, code: '' } }),
        '',
      );
    const capped = await checkCaps(msg, inv);
    if (capped) return say(t(capped), msg.sender.id);
    const requester = { id: msg.sender.id, name: msg.sender.name };
    const preview = await dryRun(inv, requester);
    const uid = inv.command.metadata.uid ?? '';
    const req = await deps.store.create({
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
        expiresAt: new Date(now() + approval.timeoutSeconds * 1000).toISOString(),
        preview: {
          summary: t(preview.summary).slice(0, 1024),
          changes: preview.changes.slice(0, 20).map((c) => c.slice(0, 512)),
          observed: preview.observed,
        },
      },
    });
    deps.metrics.requests.inc({ action: req.spec.action, outcome: 'created' });
    deps.sessions?.remember(req, msg.replyTo);
    deps.log.info('request opened', {
      request: `${req.metadata.namespace}/${req.metadata.name}`,
      sender: msg.sender.id,
    });
    return { replies: [renderRequestCreated(req, approval, t)] };
  }

  /** The requests with this code that the message may concern: its conversation's first, others only if allowed. */
  async function findRequest(code: string, msg: InboundMessage): Promise<ChatRequest | undefined> {
    const found = await deps.store.findByCode(code);
    return found.find((r) => r.spec.conversation.id === msg.conversation.id) ?? found[0];
  }

  /** Re-checks the command and the target; undefined when the request may run, else the refusal to write. */
  async function recheck(
    req: ChatRequest,
    t: Translate,
  ): Promise<{ event: RequestEvent; extra: string[]; key: string; inv?: undefined } | { inv: Invocation }> {
    const cmd = deps.findCommand(req.metadata.namespace, req.spec.command.name);
    const changed = (reason: string) => ({
      event: { type: 'refuse', reason: 'CommandChanged', message: reason } as RequestEvent,
      extra: [],
      key: 'approval.command-changed',
    });
    if (!cmd || (cmd.metadata.uid ?? '') !== req.spec.command.uid)
      return changed('the ChatCommand was deleted or replaced');
    const m = deps.match(
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
    const fresh = await dryRun(inv, req.spec.requester);
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

  async function execute(req: ChatRequest, inv: Invocation, t: Translate): Promise<FlowReply> {
    const code = codeOfName(req.metadata.name);
    const mentions = [
      ...mentionsOf(req, inv.command.spec.approval).slice(0, 1),
      ...(req.status.approvals ?? []).map((a) => a.id),
    ];
    const requester = { id: req.spec.requester.id, name: req.spec.requester.name };
    let outcome: ActionOutcome;
    try {
      outcome = await deps.actions.run(toActionRequest(inv), {
        target: { kind: inv.target.kind, namespace: inv.namespace, name: inv.target.name },
        ...(inv.command.spec.targets.selector ? { selector: inv.command.spec.targets.selector } : {}),
        signal: AbortSignal.timeout(deps.actionTimeoutMs),
        requester,
      });
    } catch (err) {
      const message = isUserFacingError(err) ? t(err.userMessage) : 'internal error';
      if (!isUserFacingError(err))
        deps.log.error('approved action failed', { err, request: req.metadata.name });
      await finish(req, false, message);
      deps.onRun?.(req, inv.command, false, message);
      return {
        replies: [
          renderNotice(
            '❌',
            t({ key: 'approval.result', params: { code, requester: requester.name, result: message } }),
            mentions,
          ),
        ],
      };
    }
    const summary = t(outcome.summary);
    await finish(req, outcome.ok, summary);
    deps.onRun?.(req, inv.command, outcome.ok, summary);
    const heading = t({
      key: 'approval.result',
      params: { code, requester: requester.name, result: '' },
    }).replace(/[:：]\s*$/, '');
    const first = renderOutcome(outcome, t, requester.id, heading);
    const reply = { ...first, mentionUserIds: [...new Set([...first.mentionUserIds, ...mentions])] };
    const followUp = outcome.followUp?.then((next) => renderOutcome(next, t, requester.id, heading));
    return followUp ? { replies: [reply], followUp } : { replies: [reply] };
  }

  /** Writes the executor's result; only the executor writes an Approved request, so a conflict is a retry, not a race. */
  async function finish(req: ChatRequest, ok: boolean, message: string): Promise<void> {
    let current: ChatRequest | undefined = req;
    for (let i = 0; i < MAX_ATTEMPTS && current; i++) {
      const next = transition(
        current.status,
        { type: 'finish', ok, message: message.slice(0, 2048) },
        { spec: current.spec, policy: undefined, now: now() },
      );
      if (!next.ok) return;
      try {
        await deps.store.writeStatus(current, next.status);
        deps.metrics.requests.inc({ action: req.spec.action, outcome: ok ? 'succeeded' : 'failed' });
        return;
      } catch (err) {
        if (!isConflict(err)) {
          deps.log.error('cannot record the result of a request', { err, request: req.metadata.name });
          return;
        }
        current = await deps.store.get(req.metadata.namespace, req.metadata.name);
      }
    }
  }

  function observeDecision(req: ChatRequest, status: ChatRequestStatus): void {
    if (status.state === 'Pending') return;
    const created = Date.parse(req.metadata.creationTimestamp ?? '');
    if (!Number.isNaN(created))
      deps.metrics.decisionSeconds.observe(
        { action: req.spec.action },
        Math.max(0, (now() - created) / 1000),
      );
    deps.metrics.requests.inc({ action: req.spec.action, outcome: status.state.toLowerCase() });
  }

  function describe(req: ChatRequest, status: ChatRequestStatus, t: Translate, by: Decider): FlowReply {
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

  async function decide(
    msg: InboundMessage,
    decision: DecisionName,
    code: string | undefined,
    t: Translate,
  ): Promise<FlowReply> {
    const name = msg.sender.name;
    if (code === undefined)
      return say(t({ key: 'approval.refused.bad-code', params: { name } }), msg.sender.id);
    let req = await findRequest(code, msg);
    if (!req) return say(t({ key: 'approval.refused.unknown-code', params: { name, code } }), msg.sender.id);
    const by: Decider = {
      id: msg.sender.id,
      name,
      isAdmin: msg.sender.isAdmin,
      conversationId: msg.conversation.id,
    };
    const event: RequestEvent = { type: decision, by };
    for (let attempt = 0; attempt < MAX_ATTEMPTS && req; attempt++) {
      const policy = deps.findCommand(req.metadata.namespace, req.spec.command.name)?.spec.approval;
      const ctx = { spec: req.spec, policy, now: now() };
      const next = transition(req.status, event, ctx);
      if (!next.ok) {
        if (next.refusal === 'expired') await expireNow(req);
        const params = { name, code, state: req.status.state, requester: req.spec.requester.name };
        return say(t({ key: REFUSAL_KEYS[next.refusal], params }), msg.sender.id);
      }
      try {
        if (!next.execute) {
          const written = await deps.store.writeStatus(req, next.status);
          observeDecision(written, next.status);
          return describe(written, next.status, t, by);
        }
        // The last approval: check everything again before the write that decides who runs it.
        const checked = await recheck(req, t);
        if (!('inv' in checked) || checked.inv === undefined) {
          const refused = transition(req.status, checked.event, ctx);
          if (!refused.ok) continue;
          const written = await deps.store.writeStatus(req, refused.status);
          observeDecision(written, refused.status);
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
        const won = await deps.store.writeStatus(req, { ...next.status, executor: deps.identity });
        observeDecision(won, next.status);
        deps.log.info('request approved; running it', {
          request: `${req.metadata.namespace}/${req.metadata.name}`,
          by: by.id,
        });
        const [approved] = describe(won, won.status, t, by).replies;
        const ran = await execute(won, checked.inv, t);
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
        req = await deps.store.get(req.metadata.namespace, req.metadata.name);
      }
    }
    if (!req) return say(t({ key: 'approval.refused.unknown-code', params: { name, code } }), msg.sender.id);
    throw new UserFacingError('approval.refused.busy', { code });
  }

  async function expireNow(req: ChatRequest): Promise<void> {
    const next = transition(
      req.status,
      { type: 'expire' },
      { spec: req.spec, policy: undefined, now: now() },
    );
    if (!next.ok) return;
    try {
      await deps.store.writeStatus(req, next.status);
      observeDecision(req, next.status);
    } catch (err) {
      if (!isConflict(err))
        deps.log.warn('cannot mark a request expired', { err, request: req.metadata.name });
    }
  }

  return { open, decide };
}
