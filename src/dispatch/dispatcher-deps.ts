// What the dispatcher needs from the rest of kubetalk: ports and settings, wired by src/app.
import type { ActionRunner } from '../actions/types.ts';
import type { AccessGate } from '../authz/access-gate.ts';
import type { CommandRegistry } from '../commands/registry.ts';
import type { Catalog, Locale } from '../i18n/catalog.ts';
import type { Logger } from '../log/logger.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { LimitSettings } from './limits/command-limits.ts';
import type { AuditSink } from './ports/audit-sink.ts';
import type { ReplySender } from './ports/chat.ts';
import type { RunnerCheck } from './runner-check.ts';
import type { ApprovalFlow } from '../approvals/approval-flow.ts';

export interface DispatcherDeps {
  readonly registry: CommandRegistry;
  readonly actions: ActionRunner;
  readonly replies: ReplySender;
  readonly audit: AuditSink;
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly catalog: Catalog;
  readonly defaultLocale: Locale;
  readonly actionTimeoutMs: number;
  /** The uid of the live object, so audit Events attach to the right ChatCommand incarnation. */
  readonly commandUid: (namespace: string, name: string) => string | undefined;
  /** Aborted on shutdown: rollout follow-ups then report "still in progress" instead of holding the process. */
  readonly followUpSignal?: AbortSignal;
  /** Abuse limits of this replica (per sender, per conversation, concurrent actions); none when omitted. */
  readonly limits?: LimitSettings;
  /** Epoch-milliseconds clock of the limits and cooldowns; Date.now by default. */
  readonly now?: () => number;
  /** Refuses, before any API call, to act in a namespace whose runner ServiceAccount is missing or not known yet. */
  readonly runners?: RunnerCheck;
  /** allow.kubernetesAccess: the sender's own Kubernetes identity must be allowed the action (src/authz). */
  readonly access?: AccessGate;
  /** ChatRequests (issue 14); without it, commands with spec.approval are refused, never run unapproved. */
  readonly approvals?: ApprovalFlow;
}
