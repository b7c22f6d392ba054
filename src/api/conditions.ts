// The condition vocabulary the controller writes to ChatCommand status (shown by the READY and REASON columns).

export const CONDITION_READY = 'Ready';

/** Reasons of the Ready condition. Only Accepted goes with status "True". */
export const READY_REASONS = {
  /** Valid, no conflicts, the namespace's runner exists: the command can run. */
  accepted: 'Accepted',
  /** The object fails validateChatCommand (should be rare: the CRD rejects most such objects). */
  invalidSpec: 'InvalidSpec',
  /** Another command has the same trigger or alias in an overlapping conversation (see findConflicts). */
  triggerConflict: 'TriggerConflict',
  /** The namespace has no runner ServiceAccount to act as. */
  runnerMissing: 'RunnerMissing',
  /** allow.conversations is "*" in a namespace the operator has not allowed to use it (KUBETALK_ANY_CONVERSATION_NAMESPACES). */
  conversationWildcardNotAllowed: 'ConversationWildcardNotAllowed',
  /** allow grants no conversation or no user, so nobody can ever run the command (see explainUnreachable). */
  nobodyAllowed: 'NobodyAllowed',
} as const;

export type ReadyReason = (typeof READY_REASONS)[keyof typeof READY_REASONS];
