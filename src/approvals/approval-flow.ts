// Opening and deciding ChatRequests: the preview (a dry run) becomes a Pending object in the API server; a decision
// is a write conditional on the resourceVersion it was computed from, and only the write that reaches Approved
// runs the action — so it runs once, whichever replica, however many approvers answer at the same time.
import type { ActionRunner } from '../actions/types.ts';
import type { ChatCommand } from '../api/chat-command.ts';
import type { ChatRequest } from '../api/chat-request.ts';
import type { Invocation } from '../commands/invocation.ts';
import type { MatchResult } from '../commands/match-message.ts';
import type { DecisionName } from '../commands/decision-words.ts';
import type { Logger } from '../log/logger.ts';
import type { InboundMessage, OutboundReply } from '../dispatch/ports/chat.ts';
import { decideRequest } from './decide-request.ts';
import type { FlowKit } from './flow-kit.ts';
import { openRequest } from './open-request.ts';
import type { RequestMetrics } from './request-metrics.ts';
import type { RequestStore } from './request-store.ts';
import type { SessionBook } from './session-book.ts';
import type { Translate } from './render-request.ts';

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
  const kit: FlowKit = { deps, now: deps.now ?? Date.now };
  return {
    open: (msg, inv, t) => openRequest(kit, msg, inv, t),
    decide: (msg, decision, code, t) => decideRequest(kit, msg, decision, code, t),
  };
}
