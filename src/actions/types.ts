// The contract between the dispatcher and the Kubernetes actions: a neutral request in, a neutral outcome out.
// Actions know nothing of chat platforms; the dispatcher knows nothing of the Kubernetes API.
import type { ActionType } from '../api/action-names.ts';
import type { UserMessage } from '../errors.ts';

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'CronJob';

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
  // Day-2 actions (docs/design/0006-day-2-actions.md).
  | {
      readonly type: 'job';
      /** The ChatCommand's name, recorded on the Job. */
      readonly command: string;
      readonly container?: string;
      /** Checked values, in declaration order: environment variable name and value. */
      readonly env: ReadonlyArray<{ readonly name: string; readonly value: string }>;
      readonly timeoutSeconds: number;
      readonly logTailLines: number;
      readonly logMaxBytes: number;
    }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'cronjob-suspend' }
  | { readonly type: 'cronjob-resume' }
  | { readonly type: 'pods'; readonly maxPods: number }
  | { readonly type: 'events'; readonly maxEvents: number; readonly sinceSeconds: number }
  | {
      readonly type: 'webhook';
      readonly secretName: string;
      /** Checked values by parameter name. */
      readonly parameters: Readonly<Record<string, string>>;
      readonly bodyTemplate?: string;
      readonly encoding: 'json' | 'form' | 'text';
      readonly timeoutSeconds: number;
    }
  | { readonly type: 'diagnose'; readonly maxBytes: number };

/** Every action the API names has a request type here, and nothing else (checked by the compiler). */
type SameNames<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const ACTION_NAMES_MATCH: SameNames<ActionRequest['type'], ActionType> = true;

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
  /** Who asked (chat sender), recorded on what an action creates (a Job's labels and annotations). */
  readonly requester?: { readonly id: string; readonly name: string };
  /** Preview only: every write is sent with `dryRun=All`, nothing changes, the outcome carries `preview`. */
  readonly dryRun?: boolean;
}

/** What a dry run showed (docs/design/0012-approvals.md). */
export interface ActionPreview {
  /** One line: what would happen. */
  readonly summary: UserMessage;
  /** What would change, one `field: before → after` per line (locale-neutral). */
  readonly changes: readonly string[];
  /** The target the preview was computed on: a later run must find it unchanged. */
  readonly observed: { readonly uid: string; readonly generation: number };
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
  /** Names what the follow-up watches (one workload); two outcomes with the same key share one poll. */
  readonly followUpKey?: string;
  /** Set on dry runs only. */
  readonly preview?: ActionPreview;
}

export interface ActionRunner {
  run(request: ActionRequest, ctx: ActionContext): Promise<ActionOutcome>;
}
