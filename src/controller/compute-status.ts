// Decides a ChatCommand's status (Ready condition, action, summary) from facts; pure, so it is unit-tested alone.
import type { ChatCommand, ChatCommandStatus, Condition, ConditionStatus } from '../api/chat-command.ts';
import { CONDITION_READY, READY_REASONS } from '../api/conditions.ts';
import { explainUnreachable } from '../api/explain-unreachable.ts';
import { summarizeChatCommand } from '../api/summarize-chat-command.ts';
import { compareText } from '../lib/compare-text.ts';

export interface StatusFacts {
  /** Problems found by validateChatCommand; empty when the object is valid. */
  readonly problems: readonly string[];
  /** Human-readable descriptions of colliding commands (`ns/name` and the shared trigger). */
  readonly conflicts: readonly string[];
  /** undefined = unknown (the check itself failed), so the runner is not blamed. */
  readonly runnerExists: boolean | undefined;
  readonly runnerName: string;
  /** Set when the operator does not let this namespace use allow.conversations "*": why it will not run. */
  readonly wildcardRefusal?: string;
}

interface ReadyVerdict {
  readonly status: ConditionStatus;
  readonly reason: string;
  readonly message: string;
}

function decideReady(cmd: ChatCommand, facts: StatusFacts): ReadyVerdict {
  const ns = cmd.metadata.namespace;
  if (facts.problems.length > 0) {
    return { status: 'False', reason: READY_REASONS.invalidSpec, message: facts.problems.join('; ') };
  }
  if (facts.wildcardRefusal !== undefined) {
    return {
      status: 'False',
      reason: READY_REASONS.conversationWildcardNotAllowed,
      message: facts.wildcardRefusal,
    };
  }
  if (facts.conflicts.length > 0) {
    return {
      status: 'False',
      reason: READY_REASONS.triggerConflict,
      message: `The trigger collides with ${facts.conflicts.join(', ')} in this namespace, for the same senders in the same conversations; chat cannot tell them apart and runs neither. Rename one trigger, or narrow allow.users or allow.conversations.`,
    };
  }
  if (facts.runnerExists === false) {
    return {
      status: 'False',
      reason: READY_REASONS.runnerMissing,
      message: `ServiceAccount ${ns}/${facts.runnerName} does not exist; every action runs as it. Create it and bind a Role with the verbs this command needs.`,
    };
  }
  const unreachable = explainUnreachable(cmd.spec.allow);
  if (unreachable) return { status: 'False', reason: READY_REASONS.nobodyAllowed, message: unreachable };
  return { status: 'True', reason: READY_REASONS.accepted, message: summarizeChatCommand(cmd.spec).summary };
}

/** The desired status; lastTransitionTime is carried over unless the condition's status flips. */
export function computeStatus(cmd: ChatCommand, facts: StatusFacts, now: Date): ChatCommandStatus {
  const generation = cmd.metadata.generation ?? 0;
  const verdict = decideReady(cmd, facts);
  const previous = cmd.status?.conditions?.find((c) => c.type === CONDITION_READY);
  const ready: Condition = {
    type: CONDITION_READY,
    status: verdict.status,
    reason: verdict.reason,
    message: verdict.message.slice(0, 1024),
    lastTransitionTime:
      previous && previous.status === verdict.status
        ? previous.lastTransitionTime
        : now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    observedGeneration: generation,
  };
  const others = (cmd.status?.conditions ?? []).filter((c) => c.type !== CONDITION_READY);
  let summary: { action?: string; summary?: string } = {};
  if (facts.problems.length === 0) {
    try {
      summary = summarizeChatCommand(cmd.spec);
    } catch {
      summary = {};
    }
  }
  return { observedGeneration: generation, conditions: [...others, ready], ...summary };
}

/** Compares what matters, so an unchanged status is never written again. */
export function statusEquals(a: ChatCommandStatus | undefined, b: ChatCommandStatus): boolean {
  if (!a) return false;
  const norm = (s: ChatCommandStatus): string =>
    JSON.stringify({
      g: s.observedGeneration,
      a: s.action ?? null,
      s: s.summary ?? null,
      c: [...(s.conditions ?? [])]
        .sort((x, y) => compareText(x.type, y.type))
        .map((c) => [c.type, c.status, c.reason, c.message, c.observedGeneration, c.lastTransitionTime]),
    });
  return norm(a) === norm(b);
}
