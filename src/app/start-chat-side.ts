// The chat side of the app: replies, the dispatcher (with approvals), the DingTalk inbound paths, and alerts when a
// receiver token is configured — all built on the cluster side.
import type { Config } from '../config/schema.ts';
import type { Dispatcher } from '../dispatch/dispatcher.ts';
import type { Logger } from '../log/logger.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { createDingTalkReplySender } from '../platforms/dingtalk/index.ts';
import { buildDispatcher } from './build-dispatcher.ts';
import { mountDingTalk, type DingTalkInbound } from './mount-dingtalk.ts';
import { createConversationSender, createRepliesWithFallback } from './openapi-replies.ts';
import type { ClusterSide } from './start-cluster-side.ts';
import type { AlertsPart, StartAlertsOptions } from './start-alerts.ts';

export interface ChatSide {
  readonly dispatcher: Dispatcher;
  readonly dingtalk: DingTalkInbound;
  readonly alerts: AlertsPart | undefined;
  /** Aborts the rollout follow-ups still watching (on shutdown). */
  readonly followUps: AbortController;
}

/** Alerts (issue 13), only when a receiver token is configured: a chunk of its own, never loaded otherwise. */
async function startAlertsIfConfigured(opts: StartAlertsOptions): Promise<AlertsPart | undefined> {
  if (opts.config.alerts.tokens.length === 0) return undefined;
  const { startAlerts } = await import('./start-alerts.ts');
  return startAlerts(opts);
}

export async function startChatSide(
  config: Config,
  metrics: Metrics,
  log: Logger,
  cluster: ClusterSide,
): Promise<ChatSide> {
  const { kc, instance, controller } = cluster;
  const webhookReplies = createDingTalkReplySender({
    allowedHosts: config.dingtalk.replyAllowedHosts,
    allowInsecureHttp: config.dingtalk.replyAllowInsecureHttp,
    logger: log.child({ component: 'replies' }),
    onResult: (result) => metrics.replies.inc({ result }),
  });
  // One OpenAPI sender (one token cache) for late replies, approvals' announcements and alerts.
  const conversations = await createConversationSender(config, metrics, log);
  const followUps = new AbortController();
  const { dispatcher, approvals } = buildDispatcher({
    kc,
    config,
    instance,
    registry: cluster.registry,
    replies: await createRepliesWithFallback(config, webhookReplies, conversations, log),
    access: cluster.access.gate,
    metrics,
    log,
    commandUid: (ns, name) => controller.get(ns, name)?.metadata.uid,
    runnerExists: (ns) => controller.runners.exists(ns),
    followUpSignal: followUps.signal,
  });
  // A command asking for approval (synced before now, too) loads the approval parts.
  cluster.setCommandListener((cmd) => approvals.noticeCommand(cmd));
  const dingtalk = await mountDingTalk({
    config,
    claims: cluster.coordination.claims,
    handler: dispatcher,
    metrics,
    log,
  });
  const alerts = await startAlertsIfConfigured({
    kc,
    config,
    metrics,
    log,
    instance,
    isLeader: () => cluster.isLeader(),
    runnerExists: (ns) => controller.runners.exists(ns),
    conversations,
  });
  if (alerts) cluster.onLeading(() => alerts.controller.reconcileSoon());
  return { dispatcher, dingtalk, alerts, followUps };
}
