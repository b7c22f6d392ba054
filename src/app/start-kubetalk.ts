// The composition root: the cluster side, then the chat side on it, then the two servers; stopped in reverse.
import type { Server } from 'node:http';
import type { Config } from '../config/schema.ts';
import type { Logger } from '../log/logger.ts';
import { createMetrics, type Metrics } from '../metrics/metrics.ts';
import { zeroCallbackCounters } from '../platforms/dingtalk/http/callback-route.ts';
import { zeroStreamCounters } from '../platforms/dingtalk/stream/stream-counters.ts';
import { createInternalApp } from '../server/internal-app.ts';
import { createPublicApp } from '../server/public-app.ts';
import { VERSION } from '../version.ts';
import { closeServer, listen } from './listen.ts';
import { createLivenessCheck } from './liveness.ts';
import { createRejectionLogger } from './public-rejections.ts';
import { checkReadiness } from './readiness.ts';
import { startChatSide, type ChatSide } from './start-chat-side.ts';
import { startClusterSide, type ClusterSide } from './start-cluster-side.ts';

export interface RunningKubetalk {
  readonly publicPort: number;
  readonly internalPort: number;
  readonly metrics: Metrics;
  /** Graceful stop: refuse new callbacks (503), let in-flight work finish within the timeout, then close. */
  stop(): Promise<void>;
}

export async function startKubetalk(config: Config, log: Logger): Promise<RunningKubetalk> {
  const metrics = createMetrics();
  zeroCallbackCounters(metrics);
  zeroStreamCounters(metrics);
  const cluster = startClusterSide(config, metrics, log);
  const chat = await startChatSide(config, metrics, log, cluster);
  let accepting = true;
  const publicApp = createPublicApp({
    routes: chat.dingtalk.routes,
    acceptingTraffic: () => accepting,
    asyncRoutes: chat.alerts ? [chat.alerts.route] : [],
    onRejected: createRejectionLogger(metrics, log),
  });
  const internalApp = createInternalApp(metrics.registry, {
    healthy: createLivenessCheck({
      graceMs: config.livenessGraceMs,
      parts: [chat.dingtalk.stream, cluster.coordination],
      log,
    }),
    ready: () =>
      checkReadiness({
        accepting: () => accepting,
        controller: cluster.controller,
        identities: cluster.access.identities,
        stream: chat.dingtalk.stream,
        alertRoutes: chat.alerts?.controller,
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
  void cluster.controller.synced.then(() =>
    log.info('ready: ChatCommands synced', { commands: cluster.registry.size }),
  );
  const servers = [pub.server, internal.server];
  return {
    publicPort: pub.port,
    internalPort: internal.port,
    metrics,
    async stop() {
      accepting = false;
      await stopInOrder(config, log, { cluster, chat, servers });
    },
  };
}

/** Chat first (no new frames, in-flight work drained), then the cluster side, then the servers. */
async function stopInOrder(
  config: Config,
  log: Logger,
  parts: { cluster: ClusterSide; chat: ChatSide; servers: readonly Server[] },
): Promise<void> {
  const { cluster, chat } = parts;
  // First stop taking frames: unACKed ones are re-pushed by DingTalk to a replica that stays.
  await chat.dingtalk.stream?.stop();
  chat.followUps.abort();
  log.info('shutting down: refusing new callbacks, finishing in-flight work', {
    inFlight: chat.dispatcher.inFlight,
  });
  const drained = await chat.dispatcher.drain(config.shutdownTimeoutMs);
  if (!drained)
    log.warn('shutdown deadline passed with work in flight', { inFlight: chat.dispatcher.inFlight });
  await cluster.coordination.stop();
  await cluster.controller.stop();
  await chat.alerts?.controller.stop();
  await cluster.access.identities?.stop();
  await Promise.all(parts.servers.map(closeServer));
  log.info('stopped');
}
