// The ChatIdentity resource (kubetalk.io/v1alpha1, cluster-scoped): chat ids of one person → a Kubernetes user and groups.
import type { Condition } from './chat-command.ts';

export const IDENTITY_KIND = 'ChatIdentity';
export const IDENTITY_LIST_KIND = 'ChatIdentityList';
export const IDENTITY_PLURAL = 'chatidentities';
export const IDENTITY_SINGULAR = 'chatidentity';
export const IDENTITY_SHORT_NAMES = ['chatid', 'kchatid'] as const;
export const IDENTITY_CRD_NAME = `${IDENTITY_PLURAL}.kubetalk.io`;

export const IDENTITY_LIMITS = {
  staffIdsMaxItems: 16,
  unionIdsMaxItems: 16,
  chatIdMaxLength: 128,
  userMaxLength: 253,
  groupsMaxItems: 32,
  groupMaxLength: 253,
} as const;

/** Kubernetes reserves `system:` for its own components; a chat user mapped there could bypass RBAC (system:masters). */
export const RESERVED_PREFIX = 'system:';

export const IDENTITY_RULE_MESSAGES = {
  needsAnId: 'at least one of staffIds or unionIds is required',
  reservedUser: 'user must not start with "system:" (Kubernetes reserves it for its own components)',
  reservedGroup:
    'groups must not start with "system:" (Kubernetes reserves them; system:masters bypasses RBAC)',
} as const;

export interface ChatIdentitySpec {
  /** DingTalk senderStaffIds of this person (one per organisation they chat from). */
  readonly staffIds?: readonly string[];
  /** DingTalk unionIds of this person (the same across the organisations of one developer account). */
  readonly unionIds?: readonly string[];
  /** The Kubernetes username SubjectAccessReviews ask about. */
  readonly user: string;
  readonly groups?: readonly string[];
}

export interface ChatIdentityStatus {
  readonly observedGeneration?: number;
  readonly conditions?: readonly Condition[];
}

export interface ChatIdentity {
  readonly apiVersion: 'kubetalk.io/v1alpha1';
  readonly kind: typeof IDENTITY_KIND;
  readonly metadata: {
    readonly name: string;
    readonly uid?: string;
    readonly generation?: number;
    readonly resourceVersion?: string;
  };
  readonly spec: ChatIdentitySpec;
  readonly status?: ChatIdentityStatus;
}

/** Reasons of a ChatIdentity's Ready condition. Only Mapped goes with status "True". */
export const IDENTITY_REASONS = {
  mapped: 'Mapped',
  /** A staff id or unionId is also claimed by another ChatIdentity: neither is used for that id. */
  conflict: 'Conflict',
  invalidSpec: 'InvalidSpec',
} as const;
