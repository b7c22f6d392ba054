// The composition root: builds every part from the configuration, starts them in order, and stops them in reverse.
import { hostname } from 'node:os';
import type { Server } from 'node:http';
import { createKubeActionRunner } from '../actions/index.ts';
import { createEventRecorder } from '../audit/event-recorder.ts';
import { actionMessages } from '../actions/messages.ts';
import { webhookMessages } from '../webhook/messages.ts';
import { diagnoseMessages } from '../actions/diagnose/messages.ts';
import { commandMessages } from '../commands/messages.ts';
import { CommandRegistry } from '../commands/registry.ts';
import type { Config } from '../config/schema.ts';
import { createFollowUpPool } from '../actions/follow-up-pool.ts';
import { startChatCommandController } from '../controller/chat-command-controller.ts';
import { createWildcardPolicy } from '../controller/wildcard-policy.ts';
import { createDeduper } from '../dispatch/dedupe.ts';
import { createDispatcher } from '../dispatch/dispatcher.ts';
import { dispatchMessages } from '../dispatch/messages.ts';
import { mergeCatalogs } from '../i18n/catalog.ts';
import type { Logger } from '../log/logger.ts';
import { createLogThrottle } from '../log/throttle.ts';
import { createMetrics, type Metrics } from '../metrics/metrics.ts';
import { createDingTalkReplySender } from '../platforms/dingtalk/index.ts';
import { createInternalApp } from '../server/internal-app.ts';
import { createPublicApp } from '../server/public-app.ts';
import { resultForStatus, createDingTalkRoute } from './dingtalk-route.ts';
import { closeServer, listen } from './listen.ts';
import { loadKubeConfig } from './load-kube-config.ts';
import { createRegistrySink } from './registry-sink.ts';
import { VERSION } from '../version.ts';
import { createMessageClaims } from '../coordination/message-claims.ts';
import { startLeaderElection, type LeaderElector } from '../coordination/leader-election.ts';
import { createReplayGuard } from '../platforms/dingtalk/replay-guard.ts';
import { withKubernetesUser } from '../authz/audit-identity.ts';
import { authzMessages } from '../authz/messages.ts';
import { startAccessGate } from './start-access-gate.ts';
import { startDingTalkStream } from './dingtalk-stream.ts';
import { createRepliesWithFallback } from './openapi-replies.ts';
import { startApprovals } from './start-approvals.ts';
import { approvalMessages } from '../approvals/messages.ts';
import { previewMessages } from '../actions/preview/messages.ts';

export interface RunningKubetalk {
  readonly publicPort: number;
  readonly internalPort: number;
  readonly metrics: Metrics;
  /** Graceful stop: refuse new callbacks (503), let in-flight work finish within the timeout, then close. */
  stop(): Promise<void>;
}

export async function startKubetalk(config: Config, log: Logger): Promise<RunningKubetalk> {
  const metrics = createMetrics();
  const kc = loadKubeConfig();
  const instance = config.coordination.identity || hostname();
  const coordinationNs = config.coordination.namespace;
  const registry = new CommandRegistry();
  // Without a shared namespace this process is alone: it leads, and memory is the only message record.
  let elector: LeaderElector | undefined;
  const isLeader = (): boolean => (elector ? elector.isLeader() : true);
  const controller = startChatCommandController({
    kc,
    namespaces: config.namespaces,
    runnerName: config.runnerServiceAccount,
    sink: createRegistrySink(registry),
    metrics,
    log,
    isLeader,
    resyncIntervalMs: config.resyncIntervalMs,
    wildcardPolicy: createWildcardPolicy(config.anyConversationNamespaces),
    watchTimeoutSeconds: config.watchTimeoutSeconds,
  });
  const access = startAccessGate({ kc, config, registry, metrics, log, isLeader });
  const webhookReplies = createDingTalkReplySender({
    allowedHosts: config.dingtalk.replyAllowedHosts,
    allowInsecureHttp: config.dingtalk.replyAllowInsecureHttp,
    logger: log.child({ component: 'replies' }),
    onResult: (result) => metrics.replies.inc({ result }),
  });
  const replies = createRepliesWithFallback(config, webhookReplies, metrics, log);
  const claims =
    coordinationNs === ''
      ? undefined
      : createMessageClaims({
          kc,
          namespace: coordinationNs,
          identity: instance,
          ttlMs: config.coordination.claimTtlMs,
          log: log.child({ component: 'claims' }),
        });
  if (coordinationNs !== '' && config.coordination.leaderElection) {
    elector = startLeaderElection({
      kc,
      namespace: coordinationNs,
      name: config.coordination.leaseName,
      identity: instance,
      leaseDurationMs: config.coordination.leaseDurationMs,
      log: log.child({ component: 'leader-election' }),
      onStartedLeading: () => {
        metrics.leader.set(1);
        controller.reconcileSoon();
        access.identities?.reconcileSoon();
      },
      onStoppedLeading: () => metrics.leader.set(0),
    });
  } else {
    metrics.leader.set(1);
  }
  // The leader deletes message claims whose time has passed, so they never pile up.
  const gc = setInterval(() => {
    if (!claims || !isLeader()) return;
    claims.collectExpired().then(
      (n) => n > 0 && log.debug('expired message claims deleted', { count: n }),
      (err: unknown) => log.warn('cannot collect expired message claims', { err }),
    );
  }, 60_000);
  gc.unref();
  const followUps = new AbortController();
  const actions = createKubeActionRunner({
    kc,
    runnerName: config.runnerServiceAccount,
    onFollowUpError: (err) => log.error('rollout follow-up failed', { component: 'actions', err }),
    followUps: createFollowUpPool({
      max: config.limits.maxFollowUps,
      onSizeChange: (n) => metrics.followUpsActive.set(n),
    }),
    webhookPolicy: config.webhook,
  });
  const audit = withKubernetesUser(createEventRecorder(kc, log, instance), (s) =>
    access.gate.kubernetesUserOf(s),
  );
  const catalog = mergeCatalogs(
    dispatchMessages,
    commandMessages,
    actionMessages,
    webhookMessages,
    diagnoseMessages,
    authzMessages,
    previewMessages,
    approvalMessages,
  );
  const approvals = startApprovals({
    kc,
    config,
    registry,
    actions,
    replies,
    audit,
    metrics,
    log,
    catalog,
    identity: instance,
    commandUid: (ns, name) => controller.get(ns, name)?.metadata.uid,
  });
  const dispatcher = createDispatcher({
    followUpSignal: followUps.signal,
    registry,
    actions,
    replies,
    audit,
    metrics,
    log: log.child({ component: 'dispatch' }),
    catalog,
    defaultLocale: config.locale,
    actionTimeoutMs: config.actionTimeoutMs,
    limits: config.limits,
    commandUid: (ns, name) => controller.get(ns, name)?.metadata.uid,
    runners: { name: config.runnerServiceAccount, exists: (ns) => controller.runners.exists(ns) },
    access: access.gate,
    approvals: approvals.flow,
  });
  let accepting = true;
  // Forged or malformed callbacks are attacker-controlled: one log line per reason every 10 s, the metric counts all.
  const rejectionLogs = createLogThrottle(10_000);
  const mode = config.dingtalk.mode;
  const stream =
    mode === 'http'
      ? undefined
      : startDingTalkStream({
          gatewayUrl: config.dingtalk.streamGatewayUrl,
          clientId: config.dingtalk.clientId,
          clientSecret: config.dingtalk.appSecrets[0] ?? '',
          policy: {
            allowedHosts: config.dingtalk.apiAllowedHosts,
            allowInsecure: config.dingtalk.apiAllowInsecure,
          },
          maxDataBytes: config.dingtalk.maxBodyBytes,
          deduper: createDeduper({ ttlMs: config.dedupeTtlMs, maxEntries: 100_000 }),
          claims,
          dispatcher,
          metrics,
          log: log.child({ component: 'stream' }),
        });
  const publicApp = createPublicApp({
    routes: [
      createDingTalkRoute({
        secrets: config.dingtalk.appSecrets,
        windowMs: config.dingtalk.signatureWindowMs,
        maxBodyBytes: config.dingtalk.maxBodyBytes,
        identity: { corpId: config.dingtalk.corpId, robotCode: config.dingtalk.identityRobotCode },
        // Alone (no claims), memory is the only record: it must outlive the signature window, or a captured
        // callback could be replayed once its msgId was forgotten.
        deduper: createDeduper({
          ttlMs: claims
            ? config.dedupeTtlMs
            : Math.max(config.dedupeTtlMs, config.dingtalk.signatureWindowMs),
          maxEntries: 100_000,
        }),
        // Each entry also lives until its signed timestamp + window + margin (the route passes keepUntil).
        replayGuard: createReplayGuard({ ttlMs: config.dingtalk.signatureWindowMs * 2, maxEntries: 100_000 }),
        claims,
        dispatcher,
        metrics,
        log: log.child({ component: 'callback' }),
      }),
      // In stream mode nothing needs to reach the cluster: the public port serves no route.
    ].filter(() => mode !== 'stream'),
    acceptingTraffic: () => accepting,
    onRejected: (path, status, reason) => {
      metrics.callbacks.inc({ result: resultForStatus(status) });
      const admitted = rejectionLogs.admit(`${status} ${reason}`);
      if (!admitted) return;
      const hint =
        status === 401
          ? {
              hint: 'check KUBETALK_DINGTALK_APP_SECRET, the corp id / robot code settings and the clock (NTP)',
            }
          : {};
      log.warn('callback rejected', {
        path,
        status,
        reason,
        suppressedSinceLast: admitted.suppressed,
        ...hint,
      });
    },
  });
  const internalApp = createInternalApp(metrics.registry, {
    healthy: () => true,
    ready: () => {
      if (!accepting) return { ok: false, reason: 'shutting down' };
      const health = controller.health();
      if (!health.ok) return health;
      if (access.identities && !access.identities.isSynced())
        return { ok: false, reason: 'ChatIdentity informer not synced (is the ChatIdentity CRD installed?)' };
      if (stream && !stream.status().connected)
        return {
          ok: false,
          reason: `DingTalk Stream not connected: ${stream.status().lastError ?? 'connecting'}`,
        };
      return { ok: true };
    },
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
      await stream?.stop();
      followUps.abort();
      log.info('shutting down: refusing new callbacks, finishing in-flight work', {
        inFlight: dispatcher.inFlight,
      });
      const drained = await dispatcher.drain(config.shutdownTimeoutMs);
      if (!drained)
        log.warn('shutdown deadline passed with work in flight', { inFlight: dispatcher.inFlight });
      clearInterval(gc);
      approvals.stop();
      await elector?.stop();
      await controller.stop();
      await access.identities?.stop();
      await Promise.all(servers.map(closeServer));
      log.info('stopped');
    },
  };
}
