// The ChatCommand resource (kubetalk.io/v1alpha1) as TypeScript: identifiers and the stored, defaulted shape.
//
// These types describe an object as the API server stores it, i.e. after the CRD's defaults were applied
// (tailLines, maxTailLines, maxBytes, timeoutSeconds, admins are therefore never missing). Use
// validateChatCommand() to turn untrusted input into this shape; it applies the same defaults.

export const GROUP = 'kubetalk.io';
export const VERSION = 'v1alpha1';
export const API_VERSION = `${GROUP}/${VERSION}` as const;
export const KIND = 'ChatCommand';
export const LIST_KIND = 'ChatCommandList';
export const PLURAL = 'chatcommands';
export const SINGULAR = 'chatcommand';
export const SHORT_NAMES = ['chatcmd', 'kchat'] as const;
export const CATEGORY = 'kubetalk';
/** `<plural>.<group>`: the CRD's metadata.name. */
export const CRD_NAME = `${PLURAL}.${GROUP}`;

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

export const ROLLOUT_OPERATIONS = ['restart', 'status', 'undo', 'history', 'pause', 'resume'] as const;
export type RolloutOperation = (typeof ROLLOUT_OPERATIONS)[number];

export const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;
export type SelectorOperator = (typeof SELECTOR_OPERATORS)[number];

/** `"*"` in allow.conversations / allow.users: any conversation / anyone. */
export const WILDCARD = '*';

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: SelectorOperator;
  readonly values?: readonly string[];
}

/** metav1.LabelSelector. */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

/** Which workloads, in the command's own namespace, a command may touch: exactly one of names / selector. */
export interface Targets {
  readonly kind: WorkloadKind;
  readonly names?: readonly string[];
  readonly selector?: LabelSelector;
}

export interface ScaleAction {
  readonly minReplicas: number;
  readonly maxReplicas: number;
}

export interface RolloutAction {
  readonly operation: RolloutOperation;
  /** How long restart/status/undo wait for the rollout to finish before reporting "still in progress". */
  readonly timeoutSeconds: number;
}

export interface LogsAction {
  /** Lines shown when the sender gives no --tail. */
  readonly tailLines: number;
  /** The largest --tail a sender may ask for. */
  readonly maxTailLines: number;
  /** Log bytes read at most (the chat reply is cut to fit the platform's own limit as well). */
  readonly maxBytes: number;
  /** When set, the only container this command reads; `-c` may name only this one. */
  readonly container?: string;
  /** The containers `-c` may choose (the first when none is named); exclusive with `container`. */
  readonly containers?: readonly string[];
  /** Time window when the sender gives no --since. */
  readonly sinceSeconds?: number;
}

export interface DiagnoseAction {
  /** Bytes of the previous container's log shown under a crash; 0 shows none. */
  readonly maxBytes: number;
}

/** The wire shape of spec.action: a union in which exactly one member is set (CEL-validated). */
export interface ChatCommandAction {
  readonly scale?: ScaleAction;
  readonly rollout?: RolloutAction;
  readonly logs?: LogsAction;
  // Day-2 actions (docs/design/0006-day-2-actions.md).
  readonly job?: JobAction;
  readonly cronjob?: CronJobAction;
  readonly pods?: PodsAction;
  readonly events?: EventsAction;
  readonly webhook?: WebhookAction;
  readonly diagnose?: DiagnoseAction;
}

export const WEBHOOK_ENCODINGS = ['json', 'form', 'text'] as const;
export type WebhookEncoding = (typeof WEBHOOK_ENCODINGS)[number];

/** A parameter of a webhook: like a Job's, without an environment variable. */
export type WebhookParameter = Omit<JobParameter, 'env'>;

/**
 * Calls a build server or office tool. URL, method and headers (credentials) live in Secret `secretName` in the
 * command's namespace, read as the runner; the body is `bodyTemplate` over the checked parameters and `{{name}}`.
 */
export interface WebhookAction {
  readonly secretName: string;
  readonly parameters?: readonly WebhookParameter[];
  readonly bodyTemplate?: string;
  readonly encoding: WebhookEncoding;
  readonly timeoutSeconds: number;
}

export const CRONJOB_OPERATIONS = ['suspend', 'resume'] as const;
export type CronJobOperation = (typeof CRONJOB_OPERATIONS)[number];

/** A value the sender may pass to a Job as `--NAME=VALUE`; becomes environment variable `env` of the container. */
export interface JobParameter {
  /** The flag name in chat: lowercase letters, digits, inner '-'. */
  readonly name: string;
  /** The environment variable set in the Job's container. */
  readonly env: string;
  /** Regular expression the whole value must match (RE2 and JavaScript syntax). */
  readonly pattern: string;
  readonly maxLength: number;
  readonly required: boolean;
  readonly description?: string;
}

/** Create a Job from the target CronJob's template (kubectl create job --from=cronjob/NAME), then follow it. */
export interface JobAction {
  /** The container that receives the parameters; may be left out when the template has exactly one. */
  readonly container?: string;
  readonly parameters?: readonly JobParameter[];
  /** How long the follow-up waits for the Job to succeed or fail. */
  readonly timeoutSeconds: number;
  /** Log lines of the failed pod shown in the follow-up. */
  readonly logTailLines: number;
  /** Log bytes of the failed pod shown at most. */
  readonly logMaxBytes: number;
}

export interface CronJobAction {
  readonly operation: CronJobOperation;
}

/** Read-only: the workload's pods. */
export interface PodsAction {
  readonly maxPods: number;
}

/** Read-only: recent Warning events of the workload, its ReplicaSets and its pods. */
export interface EventsAction {
  readonly maxEvents: number;
  /** Events older than this are left out. */
  readonly sinceSeconds: number;
}

/** Who may run a command, and where. Deny by default: missing lists grant nobody. */
export interface Allow {
  /** DingTalk conversationIds; `"*"` = any conversation the bot is in. */
  readonly conversations?: readonly string[];
  /** Sender staff ids; `"*"` = any member of the organisation (staff) in an allowed conversation. */
  readonly users?: readonly string[];
  /** True: additionally, the sender must be an admin of the group. */
  readonly admins: boolean;
  /** True: `users: ["*"]` also admits senders without a staff id (external members). Opt-in, false by default. */
  readonly externalMembers?: boolean;
  /**
   * True: additionally, the sender must map to a Kubernetes user (ChatIdentity) whom the cluster's own authorization
   * allows the action's exact permission (a SubjectAccessReview). Absent = false.
   */
  readonly kubernetesAccess?: boolean;
}

export interface ChatCommandSpec {
  /** 1–3 words; the first word(s) of a chat message. Lowercase ASCII, digits, `-`, or CJK. */
  readonly trigger: string;
  readonly aliases?: readonly string[];
  readonly description?: string;
  readonly targets: Targets;
  readonly action: ChatCommandAction;
  readonly allow: Allow;
  /** Mutating actions only: seconds to wait between two runs on the same workload. */
  readonly cooldownSeconds?: number;
  /** Mutating actions only: a preview, then the sender's confirmation or other people's approval (issue 14). */
  readonly approval?: Approval;
}

// Confirmation and approval (docs/design/0012-approvals.md).
/** Who may approve: listed staff ids and/or the group admins of the conversation the approval is sent in. */
export interface Approvers {
  readonly users?: readonly string[];
  readonly admins?: boolean;
}

/** Exactly one of `confirm: true` (the sender confirms the preview) and `approvers` (others decide). */
export interface Approval {
  readonly confirm?: boolean;
  readonly approvers?: Approvers;
  /** Approvals needed (approvers only), 1–3. */
  readonly required: number;
  /** How long the request stays open. */
  readonly timeoutSeconds: number;
  /** True: the request is decided only in the conversation it was made in. */
  readonly sameConversation: boolean;
}

export type ConditionStatus = 'True' | 'False' | 'Unknown';

/** metav1.Condition. */
export interface Condition {
  readonly type: string;
  readonly status: ConditionStatus;
  readonly reason: string;
  readonly message: string;
  /** RFC 3339 timestamp. */
  readonly lastTransitionTime: string;
  readonly observedGeneration?: number;
}

export interface ChatCommandStatus {
  readonly observedGeneration?: number;
  readonly conditions?: readonly Condition[];
  /** Short action name for the ACTION printer column, e.g. "scale" or "rollout restart". */
  readonly action?: string;
  /** One readable line saying what the command does, for `kubectl get -o wide`. */
  readonly summary?: string;
}

/** The metadata fields kubetalk reads; others are kept as the API server sent them. */
export interface ChatCommandMetadata {
  readonly name: string;
  readonly namespace: string;
  readonly uid?: string;
  readonly generation?: number;
  readonly resourceVersion?: string;
  readonly creationTimestamp?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface ChatCommand {
  readonly apiVersion: typeof API_VERSION;
  readonly kind: typeof KIND;
  readonly metadata: ChatCommandMetadata;
  readonly spec: ChatCommandSpec;
  readonly status?: ChatCommandStatus;
}

/** `namespace/name`, the identity of a command in the registry and in logs. */
export function formatCommandRef(cmd: Pick<ChatCommand, 'metadata'>): string {
  return `${cmd.metadata.namespace}/${cmd.metadata.name}`;
}
