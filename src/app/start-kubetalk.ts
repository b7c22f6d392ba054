// The composition root: builds every part from the configuration, starts them in order, and stops them in reverse.
import { hostname } from 'node:os';
import type { Server } from 'node:http';
import type { ChatCommand } from '../api/chat-command.ts';
import type { Config } from '../config/schema.ts';
import { CommandRegistry } from '../commands/registry.ts';
import { startChatCommandController } from '../controller/chat-command-controller.ts';
import { createWildcardPolicy } from '../controller/wildcard-policy.ts';
import type { Logger } from '../log/logger.ts';
import { createMetrics, type Metrics } from '../metrics/metrics.ts';
import { createDingTalkReplySender } from '../platforms/dingtalk/index.ts';
import { zeroCallbackCounters } from '../platforms/dingtalk/http/callback-route.ts';
import { zeroStreamCounters } from '../platforms/dingtalk/stream/stream-counters.ts';
import { createInternalApp } from '../server/internal-app.ts';
import { createPublicApp } from '../server/public-app.ts';
import { VERSION } from '../version.ts';
import { buildDispatcher } from './build-dispatcher.ts';
import { closeServer, listen } from './listen.ts';
import { loadKubeConfig } from './load-kube-config.ts';
import { mountDingTalk } from './mount-dingtalk.ts';
import { createConversationSender, createRepliesWithFallback } from './openapi-replies.ts';
import { createRejectionLogger } from './public-rejections.ts';
import { createLivenessCheck } from './liveness.ts';
import { checkReadiness } from './readiness.ts';
import { createRegistrySink } from './registry-sink.ts';
import { startAccessGate } from './start-access-gate.ts';
import { startCoordination } from './start-coordination.ts';
import type { AlertsPart, StartAlertsOptions } from './start-alerts.ts';

export interface RunningKubetalk {
  readonly publicPort: number;
  readonly internalPort: number;
  readonly metrics: Metrics;
  /** Graceful stop: refuse new callbacks (503), let in-flight work finish within the timeout, then close. */
  stop(): Promise<void>;
}

/** Alerts (issue 13), only when a receiver token is configured: a chunk of its own, never loaded otherwise. */
async function startAlertsIfConfigured(opts: StartAlertsOptions): Promise<AlertsPart | undefined> {
  if (opts.config.alerts.tokens.length === 0) return undefined;
  const { startAlerts } = await import('./start-alerts.ts');
  return startAlerts(opts);
}

export async function startKubetalk(config: Config, log: Logger): Promise<RunningKubetalk> {
  const metrics = createMetrics();
  zeroCallbackCounters(metrics);
  zeroStreamCounters(metrics);
  const kc = loadKubeConfig();
  const instance = config.coordination.identity || hostname();
  const registry = new CommandRegistry();
  // The leader writes status; until the Lease is decided the controller asks through this late-bound check.
  let isLeader = (): boolean => true;
  // Late-bound too: the approval parts are built with the dispatcher, after the controller starts feeding.
  let noticeCommand: (cmd: ChatCommand) => void = () => undefined;
  const controller = startChatCommandController({
    kc,
    namespaces: config.namespaces,
    runnerName: config.runnerServiceAccount,
    sink: createRegistrySink(registry, (cmd) => noticeCommand(cmd)),
    metrics,
    log,
    isLeader: () => isLeader(),
    resyncIntervalMs: config.resyncIntervalMs,
    wildcardPolicy: createWildcardPolicy(config.anyConversationNamespaces),
    watchTimeoutSeconds: config.watchTimeoutSeconds,
  });
  const access = startAccessGate({ kc, config, registry, metrics, log, isLeader: () => isLeader() });
  const coordination = startCoordination({
    kc,
    config,
    instance,
    metrics,
    log,
    onStartedLeading: () => {
      controller.reconcileSoon();
      access.identities?.reconcileSoon();
      alerts?.controller.reconcileSoon();
    },
  });
  isLeader = () => coordination.isLeader();
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
    registry,
    replies: await createRepliesWithFallback(config, webhookReplies, conversations, log),
    access: access.gate,
    metrics,
    log,
    commandUid: (ns, name) => controller.get(ns, name)?.metadata.uid,
    runnerExists: (ns) => controller.runners.exists(ns),
    followUpSignal: followUps.signal,
  });
  noticeCommand = (cmd) => approvals.noticeCommand(cmd);
  // Commands synced before the dispatcher existed: one asking for approval loads the approval parts now.
  for (const cmd of registry.values()) approvals.noticeCommand(cmd);
  const dingtalk = await mountDingTalk({
    config,
    claims: coordination.claims,
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
    isLeader: () => isLeader(),
    runnerExists: (ns) => controller.runners.exists(ns),
    conversations,
  });
  let accepting = true;
  const publicApp = createPublicApp({
    routes: dingtalk.routes,
    acceptingTraffic: () => accepting,
    asyncRoutes: alerts ? [alerts.route] : [],
    onRejected: createRejectionLogger(metrics, log),
  });
  const internalApp = createInternalApp(metrics.registry, {
    healthy: createLivenessCheck({
      graceMs: config.livenessGraceMs,
      parts: [dingtalk.stream, coordination],
      log,
    }),
    ready: () =>
      checkReadiness({
        accepting: () => accepting,
        controller,
        identities: access.identities,
        stream: dingtalk.stream,
        alertRoutes: alerts?.controller,
      }),
  });
  const internal = await listen(internalApp, config.internalPort, config.bindAddress);
  const pub = await listen(publicApp, config.publicPort, config.bindAddress);
  log.info('listening', {
    publicPort: pub.port,
    internalPort: internal.port,
    version: VERSION,
    namespaces: config.namespaces.length === 0 ? 'all' : config.namespaces,
  });
  void controller.synced.then(() => log.info('ready: ChatCommands synced', { commands: registry.size }));

  const servers: Server[] = [pub.server, internal.server];
  return {
    publicPort: pub.port,
    internalPort: internal.port,
    metrics,
    async stop() {
      accepting = false;
      // First stop taking frames: unACKed ones are re-pushed by DingTalk to a replica that stays.
      await dingtalk.stream?.stop();
      followUps.abort();
      log.info('shutting down: refusing new callbacks, finishing in-flight work', {
        inFlight: dispatcher.inFlight,
      });
      const drained = await dispatcher.drain(config.shutdownTimeoutMs);
      if (!drained)
        log.warn('shutdown deadline passed with work in flight', { inFlight: dispatcher.inFlight });
      await coordination.stop();
      await controller.stop();
      await alerts?.controller.stop();
      await access.identities?.stop();
      await Promise.all(servers.map(closeServer));
      log.info('stopped');
    },
  };
}
