// The ChatRequest state machine: every transition, and every illegal one, with plain values and a fixed clock.
import { describe, expect, it } from 'vitest';
import type { Approval } from '../../../src/api/chat-command.ts';
import type { ChatRequestSpec, ChatRequestStatus, RequestState } from '../../../src/api/chat-request.ts';
import { REQUEST_STATES } from '../../../src/api/chat-request.ts';
import { transition, type Decider, type RequestEvent } from '../../../src/approvals/state-machine.ts';

const T0 = Date.parse('2026-12-05T10:00:00Z');
const EXPIRES = '2026-12-05T10:05:00.000Z';
const BEFORE_EXPIRY = T0 + 60_000;
const AFTER_EXPIRY = T0 + 5 * 60_000;

function spec(mode: 'Confirm' | 'Approval', required = 1): ChatRequestSpec {
  return {
    command: { name: 'scale-web', uid: 'u1' },
    requester: { id: 'alice', name: 'Alice', isAdmin: false },
    conversation: { id: 'G1', type: 'group' },
    text: 'scale web 0',
    action: 'scale',
    target: { kind: 'Deployment', name: 'web' },
    mode,
    required,
    expiresAt: EXPIRES,
    preview: {
      summary: 'would scale',
      changes: ['spec.replicas: 2 → 0'],
      observed: { uid: 'd1', generation: 3 },
    },
  };
}

const approvers: Approval = {
  approvers: { users: ['bob', 'carol'], admins: true },
  required: 2,
  timeoutSeconds: 300,
  sameConversation: false,
};
const confirm: Approval = { confirm: true, required: 1, timeoutSeconds: 300, sameConversation: false };

const person = (id: string, extra: Partial<Decider> = {}): Decider => ({
  id,
  name: id.toUpperCase(),
  isAdmin: false,
  conversationId: 'G1',
  ...extra,
});
const pending: ChatRequestStatus = { state: 'Pending' };
const ctx = (s: ChatRequestSpec, policy: Approval | undefined, now = BEFORE_EXPIRY) => ({
  spec: s,
  policy,
  now,
});

describe('Pending, approvals', () => {
  it('records a first approval and stays Pending until enough approvers said yes', () => {
    const r = transition(
      pending,
      { type: 'approve', by: person('bob') },
      ctx(spec('Approval', 2), approvers),
    );
    expect(r).toEqual({
      ok: true,
      execute: false,
      status: {
        state: 'Pending',
        approvals: [{ id: 'bob', name: 'BOB', at: new Date(BEFORE_EXPIRY).toISOString() }],
      },
    });
  });

  it('moves to Approved with the last approval needed, and only that transition executes', () => {
    const first = transition(
      pending,
      { type: 'approve', by: person('bob') },
      ctx(spec('Approval', 2), approvers),
    );
    if (!first.ok) throw new Error('first approval refused');
    const second = transition(
      first.status,
      { type: 'approve', by: person('carol') },
      ctx(spec('Approval', 2), approvers),
    );
    expect(second.ok && second.execute).toBe(true);
    expect(second.ok && second.status.state).toBe('Approved');
    expect(second.ok && second.status.approvals?.map((a) => a.id)).toEqual(['bob', 'carol']);
    expect(second.ok && second.status.decidedAt).toBe(new Date(BEFORE_EXPIRY).toISOString());
  });

  it('counts one person once', () => {
    const first = transition(
      pending,
      { type: 'approve', by: person('bob') },
      ctx(spec('Approval', 2), approvers),
    );
    if (!first.ok) throw new Error('first approval refused');
    expect(
      transition(first.status, { type: 'approve', by: person('bob') }, ctx(spec('Approval', 2), approvers)),
    ).toEqual({
      ok: false,
      refusal: 'already-approved',
      state: 'Pending',
    });
  });

  it.each<[string, Decider, Approval | undefined, string]>([
    ['the requester', person('alice'), approvers, 'self-approval'],
    ['someone not listed', person('mallory'), approvers, 'not-approver'],
    [
      'an admin of another conversation',
      person('erin', { isAdmin: true, conversationId: 'G9' }),
      approvers,
      'not-approver',
    ],
    ['anyone, once the approval was removed from the command', person('bob'), undefined, 'not-approver'],
    ['a sender without a staff id', person(''), approvers, 'no-sender-id'],
    [
      'a listed approver in another conversation when sameConversation is set',
      person('bob', { conversationId: 'G2' }),
      { ...approvers, sameConversation: true },
      'other-conversation',
    ],
  ])('refuses an approval by %s', (_what, by, policy, refusal) => {
    expect(transition(pending, { type: 'approve', by }, ctx(spec('Approval'), policy))).toEqual({
      ok: false,
      refusal,
      state: 'Pending',
    });
  });

  it('accepts a group admin of the request\'s conversation and "*" as any staff member', () => {
    const admin = transition(
      pending,
      { type: 'approve', by: person('erin', { isAdmin: true }) },
      ctx(spec('Approval'), approvers),
    );
    expect(admin.ok && admin.status.state).toBe('Approved');
    const anyone: Approval = { ...approvers, approvers: { users: ['*'] } };
    const any = transition(pending, { type: 'approve', by: person('zed') }, ctx(spec('Approval'), anyone));
    expect(any.ok && any.execute).toBe(true);
  });

  it('refuses an approval that arrives after the time limit, even before the sweep marked it Expired', () => {
    expect(
      transition(
        pending,
        { type: 'approve', by: person('bob') },
        ctx(spec('Approval'), approvers, AFTER_EXPIRY),
      ),
    ).toEqual({
      ok: false,
      refusal: 'expired',
      state: 'Pending',
    });
  });
});

describe('Pending, confirmation', () => {
  it('runs when the requester confirms', () => {
    const r = transition(pending, { type: 'approve', by: person('alice') }, ctx(spec('Confirm'), confirm));
    expect(r.ok && r.execute).toBe(true);
    expect(r.ok && r.status.state).toBe('Approved');
  });

  it('lets nobody else confirm', () => {
    expect(
      transition(pending, { type: 'approve', by: person('bob') }, ctx(spec('Confirm'), confirm)),
    ).toEqual({
      ok: false,
      refusal: 'not-requester',
      state: 'Pending',
    });
  });
});

describe('Pending, other ends', () => {
  it('is Rejected by an approver, with who and why', () => {
    const r = transition(pending, { type: 'reject', by: person('bob') }, ctx(spec('Approval'), approvers));
    expect(r.ok && r.status).toMatchObject({
      state: 'Rejected',
      reason: 'Rejected',
      decidedBy: { id: 'bob', name: 'BOB' },
    });
    expect(r.ok && r.execute).toBe(false);
  });

  it('is not rejected by a non-approver or the requester of an approval request', () => {
    expect(
      transition(pending, { type: 'reject', by: person('mallory') }, ctx(spec('Approval'), approvers)),
    ).toMatchObject({ ok: false, refusal: 'not-approver' });
    expect(
      transition(pending, { type: 'reject', by: person('alice') }, ctx(spec('Approval'), approvers)),
    ).toMatchObject({ ok: false, refusal: 'self-approval' });
  });

  it('is Cancelled by its requester only', () => {
    const r = transition(pending, { type: 'cancel', by: person('alice') }, ctx(spec('Approval'), approvers));
    expect(r.ok && r.status).toMatchObject({ state: 'Cancelled', decidedBy: { id: 'alice' } });
    expect(
      transition(pending, { type: 'cancel', by: person('bob') }, ctx(spec('Approval'), approvers)),
    ).toMatchObject({ ok: false, refusal: 'not-requester' });
  });

  it('expires only once its time has come', () => {
    expect(transition(pending, { type: 'expire' }, ctx(spec('Approval'), approvers))).toMatchObject({
      ok: false,
      refusal: 'not-yet-expired',
    });
    const r = transition(pending, { type: 'expire' }, ctx(spec('Approval'), approvers, AFTER_EXPIRY));
    expect(r.ok && r.status).toMatchObject({
      state: 'Expired',
      reason: 'Expired',
      endedAt: new Date(AFTER_EXPIRY).toISOString(),
    });
  });

  it('is refused by kubetalk (target or command changed) with the reason kept', () => {
    const r = transition(
      pending,
      { type: 'refuse', reason: 'TargetChanged', message: 'changed' },
      ctx(spec('Approval'), approvers),
    );
    expect(r.ok && r.status).toMatchObject({
      state: 'Rejected',
      reason: 'TargetChanged',
      message: 'changed',
    });
  });

  it('cannot finish or be abandoned before it was approved', () => {
    expect(
      transition(pending, { type: 'finish', ok: true, message: '' }, ctx(spec('Approval'), approvers)),
    ).toMatchObject({ ok: false, refusal: 'not-approved' });
    expect(
      transition(pending, { type: 'abandon', message: '' }, ctx(spec('Approval'), approvers)),
    ).toMatchObject({ ok: false, refusal: 'not-approved' });
  });
});

describe('Approved', () => {
  const approved: ChatRequestStatus = {
    state: 'Approved',
    approvals: [{ id: 'bob', name: 'BOB', at: EXPIRES }],
    decidedAt: EXPIRES,
  };

  it.each([
    [true, 'Succeeded'],
    [false, 'Failed'],
  ])('finishes (ok=%s) as %s with the result', (ok, state) => {
    const r = transition(
      approved,
      { type: 'finish', ok, message: 'scaled' },
      ctx(spec('Approval'), approvers),
    );
    expect(r.ok && r.status).toMatchObject({ state, message: 'scaled', decidedAt: EXPIRES });
  });

  it('is marked Failed/OutcomeUnknown when abandoned', () => {
    const r = transition(
      approved,
      { type: 'abandon', message: 'executor gone' },
      ctx(spec('Approval'), approvers),
    );
    expect(r.ok && r.status).toMatchObject({ state: 'Failed', reason: 'OutcomeUnknown' });
  });

  it.each<RequestEvent>([
    { type: 'approve', by: person('carol') },
    { type: 'reject', by: person('carol') },
    { type: 'cancel', by: person('alice') },
    { type: 'expire' },
    { type: 'refuse', reason: 'TargetChanged', message: '' },
  ])('refuses $type: it is already being run', (event) => {
    expect(transition(approved, event, ctx(spec('Approval'), approvers, AFTER_EXPIRY))).toEqual({
      ok: false,
      refusal: 'not-pending',
      state: 'Approved',
    });
  });
});

describe('end states', () => {
  const ends = REQUEST_STATES.filter((s): s is RequestState => !['Pending', 'Approved'].includes(s));
  const events: RequestEvent[] = [
    { type: 'approve', by: person('bob') },
    { type: 'reject', by: person('bob') },
    { type: 'cancel', by: person('alice') },
    { type: 'expire' },
    { type: 'refuse', reason: 'X', message: '' },
    { type: 'finish', ok: true, message: '' },
    { type: 'abandon', message: '' },
  ];
  it.each(ends.flatMap((state) => events.map((event) => [state, event] as const)))(
    '%s refuses %o',
    (state, event) => {
      expect(transition({ state }, event, ctx(spec('Approval'), approvers, AFTER_EXPIRY))).toEqual({
        ok: false,
        refusal: 'ended',
        state,
      });
    },
  );

  it('never mutates the status it was given', () => {
    const status: ChatRequestStatus = Object.freeze({ state: 'Pending', approvals: Object.freeze([]) });
    expect(() =>
      transition(status, { type: 'approve', by: person('bob') }, ctx(spec('Approval', 2), approvers)),
    ).not.toThrow();
    expect(status.approvals).toEqual([]);
  });
});
