// Decides a ChatIdentity's status (Ready: Mapped | Conflict | InvalidSpec) from facts; pure, so it is unit-tested alone.
import type { Condition } from '../api/chat-command.ts';
import { IDENTITY_REASONS, type ChatIdentityStatus } from '../api/chat-identity.ts';
import type { IdentityClaimConflict } from './identity-index.ts';

export interface IdentityFacts {
  readonly generation: number;
  readonly previous: ChatIdentityStatus | undefined;
  /** Problems found by validateChatIdentity; empty when the object is valid. */
  readonly problems: readonly string[];
  readonly conflicts: readonly IdentityClaimConflict[];
  readonly user: string | undefined;
}

function verdict(f: IdentityFacts): Pick<Condition, 'status' | 'reason' | 'message'> {
  if (f.problems.length > 0)
    return { status: 'False', reason: IDENTITY_REASONS.invalidSpec, message: f.problems.join('; ') };
  if (f.conflicts.length > 0) {
    const what = f.conflicts.map((c) => `${c.idType} ${c.id} is also claimed by ${c.others.join(', ')}`);
    return {
      status: 'False',
      reason: IDENTITY_REASONS.conflict,
      message: `${what.join('; ')}. Chat refuses commands that need a Kubernetes identity for these ids until only one ChatIdentity claims each.`,
    };
  }
  return {
    status: 'True',
    reason: IDENTITY_REASONS.mapped,
    message: `maps to Kubernetes user ${f.user ?? ''}`,
  };
}

export function computeIdentityStatus(f: IdentityFacts, now: Date): ChatIdentityStatus {
  const v = verdict(f);
  const previous = f.previous?.conditions?.find((c) => c.type === 'Ready');
  const ready: Condition = {
    type: 'Ready',
    ...v,
    message: v.message.slice(0, 1024),
    lastTransitionTime:
      previous && previous.status === v.status
        ? previous.lastTransitionTime
        : now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    observedGeneration: f.generation,
  };
  return { observedGeneration: f.generation, conditions: [ready] };
}

/** True when writing `desired` would change nothing the user can see. */
export function identityStatusEquals(a: ChatIdentityStatus | undefined, b: ChatIdentityStatus): boolean {
  const ca = a?.conditions?.find((c) => c.type === 'Ready');
  const cb = b.conditions?.find((c) => c.type === 'Ready');
  return (
    a?.observedGeneration === b.observedGeneration &&
    ca?.status === cb?.status &&
    ca?.reason === cb?.reason &&
    ca?.message === cb?.message &&
    ca?.observedGeneration === cb?.observedGeneration
  );
}
