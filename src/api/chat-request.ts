// The ChatRequest resource (kubetalk.io/v1alpha1): one previewed chat action waiting for, or past, its decision.
// The API server is its only record, so any replica can decide it and `kubectl get chatrequests` is the audit trail.
import type { WorkloadKind } from './chat-command.ts';

export const REQUEST_KIND = 'ChatRequest';
export const REQUEST_PLURAL = 'chatrequests';
export const REQUEST_CRD_NAME = `${REQUEST_PLURAL}.kubetalk.io`;

export const REQUEST_STATES = [
  'Pending',
  'Approved',
  'Rejected',
  'Expired',
  'Cancelled',
  'Succeeded',
  'Failed',
] as const;
export type RequestState = (typeof REQUEST_STATES)[number];
/** States no event leaves. */
export const END_STATES: ReadonlySet<RequestState> = new Set([
  'Rejected',
  'Expired',
  'Cancelled',
  'Succeeded',
  'Failed',
]);

export type RequestMode = 'Confirm' | 'Approval';

/** Labels that let a replica find requests without reading them all. */
export const REQUEST_LABELS = {
  code: 'kubetalk.io/request-code',
  state: 'kubetalk.io/request-state',
  command: 'kubetalk.io/command',
  /** A hash of the requester's id: ids may hold characters a label value cannot. */
  requester: 'kubetalk.io/requester',
} as const;

export interface ChatPerson {
  readonly id: string;
  readonly name: string;
}

export interface RequestApproval extends ChatPerson {
  /** RFC 3339. */
  readonly at: string;
}

export interface ChatRequestSpec {
  readonly command: { readonly name: string; readonly uid: string };
  readonly requester: ChatPerson & { readonly isAdmin: boolean };
  readonly conversation: { readonly id: string; readonly type: 'direct' | 'group'; readonly title?: string };
  /** The message as typed (without --dry-run); matched again, as the requester, at approval time. */
  readonly text: string;
  /** Short action name, e.g. "scale" (metrics and the printer column). */
  readonly action: string;
  readonly target: { readonly kind: WorkloadKind; readonly name: string };
  readonly mode: RequestMode;
  readonly required: number;
  /** RFC 3339. */
  readonly expiresAt: string;
  /** What the dry run showed, one change per line, and on which state of the target it was computed. */
  readonly preview: {
    readonly summary: string;
    readonly changes: readonly string[];
    readonly observed: { readonly uid: string; readonly generation: number };
  };
}

export interface ChatRequestStatus {
  readonly state: RequestState;
  readonly approvals?: readonly RequestApproval[];
  /** Who rejected or cancelled, when a person did. */
  readonly decidedBy?: ChatPerson;
  /** RFC 3339: when the request left Pending. */
  readonly decidedAt?: string;
  /** RFC 3339: when it reached an end state. */
  readonly endedAt?: string;
  /** Machine-readable why (TargetChanged, CommandChanged, Expired, ...). */
  readonly reason?: string;
  /** The action's one-line result or why it was refused. */
  readonly message?: string;
  /** The replica that won the decision and ran the action. */
  readonly executor?: string;
}

export interface ChatRequest {
  readonly apiVersion: 'kubetalk.io/v1alpha1';
  readonly kind: typeof REQUEST_KIND;
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly uid?: string;
    readonly resourceVersion?: string;
    readonly creationTimestamp?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly ownerReferences?: ReadonlyArray<Record<string, unknown>>;
  };
  readonly spec: ChatRequestSpec;
  readonly status: ChatRequestStatus;
}
