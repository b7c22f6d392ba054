// The contract between the dispatcher and the Kubernetes actions: a neutral request in, a neutral outcome out.
// Actions know nothing of chat platforms; the dispatcher knows nothing of the Kubernetes API.
import type { UserMessage } from '../errors.ts';

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet';

export interface WorkloadRef {
  readonly kind: WorkloadKind;
  readonly namespace: string;
  readonly name: string;
}

/** Label selector in the Kubernetes shape (what a ChatCommand's `targets.selector` holds). */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: ReadonlyArray<{
    readonly key: string;
    readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    readonly values?: readonly string[];
  }>;
}

export type ActionRequest =
  | {
      readonly type: 'scale';
      readonly replicas: number;
      readonly minReplicas: number;
      readonly maxReplicas: number;
    }
  | { readonly type: 'restart'; readonly timeoutSeconds: number }
  | { readonly type: 'status'; readonly timeoutSeconds: number }
  | { readonly type: 'undo'; readonly toRevision?: number; readonly timeoutSeconds: number }
  | { readonly type: 'history' }
  | {
      readonly type: 'logs';
      readonly tailLines: number;
      readonly maxBytes: number;
      readonly container?: string;
      readonly sinceSeconds?: number;
      readonly previous: boolean;
    }
  | { readonly type: 'diagnose'; readonly maxBytes: number };

export type ActionType = ActionRequest['type'];
export const ACTION_TYPES: readonly ActionType[] = [
  'scale',
  'restart',
  'status',
  'undo',
  'history',
  'logs',
  'diagnose',
];

/** Who performs the action in the cluster, and under which limits. */
export interface ActionContext {
  readonly target: WorkloadRef;
  /** When set, the target must carry these labels (ChatCommands that select targets by label). */
  readonly selector?: LabelSelector;
  /** Cancels the API calls (action timeout, shutdown). */
  readonly signal: AbortSignal;
  /**
   * Cancels follow-up work (shutdown). `signal` bounds only the work up to the first reply: a follow-up runs until
   * the rollout is done or its own `timeoutSeconds` pass, unless this signal fires first. Optional (added later,
   * backward compatible): without it a follow-up is bounded by its timeout alone.
   */
  readonly followUpSignal?: AbortSignal;
}

/** A preformatted block (logs, history table) shown verbatim in a code block. */
export interface OutcomeBlock {
  readonly heading?: UserMessage;
  readonly text: string;
}

export interface ActionOutcome {
  /** Did the cluster end in the state the user asked for (or was the read successful)? */
  readonly ok: boolean;
  /** One-line summary, e.g. "scaled deploy/web 2 → 5". */
  readonly summary: UserMessage;
  readonly blocks?: readonly OutcomeBlock[];
  /**
   * Work that continues after the first reply (rollout progress): resolves to the follow-up outcome, e.g.
   * "rollout complete" or "timed out after 600 s". Never rejects; failures become an outcome with ok=false.
   */
  readonly followUp?: Promise<ActionOutcome>;
}

export interface ActionRunner {
  run(request: ActionRequest, ctx: ActionContext): Promise<ActionOutcome>;
}
