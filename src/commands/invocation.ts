// Invocation: a chat message fully resolved against one ChatCommand, ready for an action to carry out.
import type { ChatCommand, RolloutOperation, WorkloadKind } from '../api/chat-command.ts';

export interface Invocation {
  readonly command: ChatCommand;
  /** Always the command's own namespace: a command never acts elsewhere. */
  readonly namespace: string;
  /**
   * The workload named in chat. For `targets.names` it is one of the names; for `targets.selector` the action
   * must still check the workload's labels against the selector before acting (that needs the cluster).
   */
  readonly target: { readonly kind: WorkloadKind; readonly name: string };
  readonly scale?: { readonly replicas: number };
  readonly rollout?: { readonly operation: RolloutOperation; readonly toRevision?: number };
  readonly logs?: {
    readonly tailLines: number;
    readonly container?: string;
    readonly sinceSeconds?: number;
    readonly previous: boolean;
    readonly maxBytes: number;
  };
  /** job: the declared parameters the sender gave, by parameter name, already checked. */
  readonly job?: { readonly parameters: Readonly<Record<string, string>> };
  /** webhook: the declared parameters the sender gave, by parameter name, already checked. */
  readonly webhook?: { readonly parameters: Readonly<Record<string, string>> };
  /** `--dry-run` / 预演: preview only (docs/design/0012-approvals.md). */
  readonly dryRun?: boolean;
}
