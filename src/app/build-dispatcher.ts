// Builds the dispatcher with its adapters: the Kubernetes action runner, the Events audit trail, the catalogs.
import type { KubeConfig } from '@kubernetes/client-node';
import { createFollowUpPool } from '../actions/follow-up-pool.ts';
import { createKubeActionRunner } from '../actions/index.ts';
import { actionMessages } from '../actions/messages.ts';
import { diagnoseMessages } from '../actions/diagnose/messages.ts';
import { createEventRecorder } from '../audit/event-recorder.ts';
import type { AccessGate } from '../authz/access-gate.ts';
import { withKubernetesUser } from '../authz/audit-identity.ts';
import { authzMessages } from '../authz/messages.ts';
import { commandMessages } from '../commands/messages.ts';
import type { CommandRegistry } from '../commands/registry.ts';
import type { Config } from '../config/schema.ts';
import { createDispatcher, type Dispatcher } from '../dispatch/dispatcher.ts';
import { dispatchMessages } from '../dispatch/messages.ts';
import type { ReplySender } from '../dispatch/ports/chat.ts';
import { mergeCatalogs } from '../i18n/catalog.ts';
import type { Logger } from '../log/logger.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { webhookMessages } from '../webhook/messages.ts';
import { previewMessages } from '../actions/preview/messages.ts';
import { approvalMessages } from '../approvals/messages.ts';
import { createLazyApprovals, type LazyApprovals } from './lazy-approvals.ts';

export interface DispatcherWiring {
  readonly kc: KubeConfig;
  readonly config: Config;
  readonly instance: string;
  readonly registry: CommandRegistry;
  readonly replies: ReplySender;
  readonly access: AccessGate;
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly commandUid: (namespace: string, name: string) => string | undefined;
  readonly runnerExists: (namespace: string) => boolean | undefined;
  /** Aborted on shutdown: follow-ups then report "still in progress". */
  readonly followUpSignal: AbortSignal;
}

/** Every message kubetalk can say, in every language. */
export const CHAT_CATALOG = mergeCatalogs(
  dispatchMessages,
  commandMessages,
  actionMessages,
  webhookMessages,
  diagnoseMessages,
  authzMessages,
  previewMessages,
  approvalMessages,
);

/** The dispatcher, and the approval parts it loads on first need (the registry tells them of approval commands). */
export function buildDispatcher(w: DispatcherWiring): { dispatcher: Dispatcher; approvals: LazyApprovals } {
  const { config, log, metrics } = w;
  const actions = createKubeActionRunner({
    kc: w.kc,
    runnerName: config.runnerServiceAccount,
    onFollowUpError: (err) => log.error('rollout follow-up failed', { component: 'actions', err }),
    followUps: createFollowUpPool({
      max: config.limits.maxFollowUps,
      onSizeChange: (n) => metrics.followUpsActive.set(n),
    }),
    webhookPolicy: config.webhook,
  });
  const audit = withKubernetesUser(createEventRecorder(w.kc, log, w.instance), (s) =>
    w.access.kubernetesUserOf(s),
  );
  // ChatRequests (docs/design/0012-approvals.md), loaded on first need; the sweep stops with the follow-ups.
  const approvals = createLazyApprovals({
    kc: w.kc,
    config,
    registry: w.registry,
    actions,
    replies: w.replies,
    audit,
    metrics,
    log,
    catalog: CHAT_CATALOG,
    identity: w.instance,
    commandUid: w.commandUid,
    stopSignal: w.followUpSignal,
  });
  const dispatcher = createDispatcher({
    followUpSignal: w.followUpSignal,
    registry: w.registry,
    actions,
    replies: w.replies,
    audit,
    metrics,
    log: log.child({ component: 'dispatch' }),
    catalog: CHAT_CATALOG,
    defaultLocale: config.locale,
    actionTimeoutMs: config.actionTimeoutMs,
    limits: config.limits,
    commandUid: w.commandUid,
    runners: { name: config.runnerServiceAccount, exists: w.runnerExists },
    access: w.access,
    approvals: approvals.flow,
  });
  return { dispatcher, approvals };
}
