// The life of a ChatRequest as a pure function: (status, event) → the next status, or why the event is refused.
// No I/O and no clock of its own, so every transition (and every illegal one) is unit-tested with plain values;
// the store applies a result through a write conditional on the resourceVersion it was computed from.
import type { Approval } from '../api/chat-command.ts';
import {
  END_STATES,
  type ChatPerson,
  type ChatRequestSpec,
  type ChatRequestStatus,
  type RequestState,
} from '../api/chat-request.ts';

/** A person deciding, as the chat platform describes them in the deciding message. */
export interface Decider extends ChatPerson {
  /** Group admin of the conversation the decision is sent in. */
  readonly isAdmin: boolean;
  readonly conversationId: string;
}

export type RequestEvent =
  | { readonly type: 'approve'; readonly by: Decider }
  | { readonly type: 'reject'; readonly by: Decider }
  | { readonly type: 'cancel'; readonly by: Decider }
  | { readonly type: 'expire' }
  /** kubetalk itself refuses a pending request at decision time (target or command changed). */
  | { readonly type: 'refuse'; readonly reason: string; readonly message: string }
  /** The executor reports the action's outcome. */
  | { readonly type: 'finish'; readonly ok: boolean; readonly message: string }
  /** An Approved request whose executor vanished: the outcome is unknown, and it is said so. */
  | { readonly type: 'abandon'; readonly message: string };

export type Refusal =
  | 'ended'
  | 'not-pending'
  | 'not-approved'
  | 'expired'
  | 'not-yet-expired'
  | 'self-approval'
  | 'not-approver'
  | 'already-approved'
  | 'other-conversation'
  | 'not-requester'
  | 'no-sender-id';

export type Transition =
  | {
      readonly ok: true;
      readonly status: ChatRequestStatus;
      /** True exactly when this transition is Pending → Approved: whoever writes it runs the action. */
      readonly execute: boolean;
    }
  | { readonly ok: false; readonly refusal: Refusal; readonly state: RequestState };

interface Context {
  readonly spec: ChatRequestSpec;
  /** The command's approval policy as it is now (re-checked at decision time); undefined when it was removed. */
  readonly policy: Approval | undefined;
  /** Epoch milliseconds. */
  readonly now: number;
}

const refuse = (refusal: Refusal, state: RequestState): Transition => ({ ok: false, refusal, state });

/** May `by` approve (or reject) this request under `policy`? The requester only in Confirm mode. */
export function checkDecider(
  spec: ChatRequestSpec,
  policy: Approval | undefined,
  by: Decider,
): Refusal | undefined {
  if (by.id === '') return 'no-sender-id';
  if (spec.mode === 'Confirm') return by.id === spec.requester.id ? undefined : 'not-requester';
  if (by.id === spec.requester.id) return 'self-approval';
  const approvers = policy?.approvers;
  if (!approvers) return 'not-approver';
  if (policy.sameConversation && by.conversationId !== spec.conversation.id) return 'other-conversation';
  const users = approvers.users ?? [];
  const listed = users.includes(by.id) || users.includes('*');
  const admin = approvers.admins === true && by.isAdmin && by.conversationId === spec.conversation.id;
  return listed || admin ? undefined : 'not-approver';
}

function ended(
  status: ChatRequestStatus,
  state: RequestState,
  at: string,
  extra: Partial<ChatRequestStatus>,
) {
  return { ...status, state, decidedAt: status.decidedAt ?? at, endedAt: at, ...extra };
}

function decidePending(status: ChatRequestStatus, event: RequestEvent, ctx: Context): Transition {
  const at = new Date(ctx.now).toISOString();
  const expired = ctx.now >= Date.parse(ctx.spec.expiresAt);
  switch (event.type) {
    case 'expire':
      if (!expired) return refuse('not-yet-expired', status.state);
      return { ok: true, execute: false, status: ended(status, 'Expired', at, { reason: 'Expired' }) };
    case 'approve': {
      if (expired) return refuse('expired', status.state);
      const who = checkDecider(ctx.spec, ctx.policy, event.by);
      if (who) return refuse(who, status.state);
      const approvals = status.approvals ?? [];
      if (approvals.some((a) => a.id === event.by.id)) return refuse('already-approved', status.state);
      const next = [...approvals, { id: event.by.id, name: event.by.name, at }];
      if (next.length < ctx.spec.required)
        return { ok: true, execute: false, status: { ...status, approvals: next } };
      return {
        ok: true,
        execute: true,
        status: { ...status, state: 'Approved', approvals: next, decidedAt: at },
      };
    }
    case 'reject': {
      if (expired) return refuse('expired', status.state);
      const who = checkDecider(ctx.spec, ctx.policy, event.by);
      if (who) return refuse(who, status.state);
      const decidedBy = { id: event.by.id, name: event.by.name };
      return {
        ok: true,
        execute: false,
        status: ended(status, 'Rejected', at, { reason: 'Rejected', decidedBy }),
      };
    }
    case 'cancel': {
      if (event.by.id === '' || event.by.id !== ctx.spec.requester.id)
        return refuse('not-requester', status.state);
      const decidedBy = { id: event.by.id, name: event.by.name };
      return {
        ok: true,
        execute: false,
        status: ended(status, 'Cancelled', at, { reason: 'Cancelled', decidedBy }),
      };
    }
    case 'refuse':
      return {
        ok: true,
        execute: false,
        status: ended(status, 'Rejected', at, { reason: event.reason, message: event.message }),
      };
    case 'finish':
    case 'abandon':
      return refuse('not-approved', status.state);
  }
}

/** The next status after `event`, or the refusal; never mutates its input. */
export function transition(status: ChatRequestStatus, event: RequestEvent, ctx: Context): Transition {
  if (END_STATES.has(status.state)) return refuse('ended', status.state);
  if (status.state === 'Pending') return decidePending(status, event, ctx);
  // Approved: only its executor's report (or, when that executor vanished, the sweep) moves it on.
  const at = new Date(ctx.now).toISOString();
  if (event.type === 'finish')
    return {
      ok: true,
      execute: false,
      status: ended(status, event.ok ? 'Succeeded' : 'Failed', at, {
        reason: event.ok ? 'Succeeded' : 'Failed',
        message: event.message,
      }),
    };
  if (event.type === 'abandon')
    return {
      ok: true,
      execute: false,
      status: ended(status, 'Failed', at, { reason: 'OutcomeUnknown', message: event.message }),
    };
  return refuse('not-pending', status.state);
}
