// Builds the alert path from the configuration: the AlertRoute controller, delivery records, destinations, metrics
// and the receiver route. Undefined when no receiver token is configured (the route then does not exist).
import type { KubeConfig } from '@kubernetes/client-node';
import { createAlertMetrics } from '../alerts/alert-metrics.ts';
import { createLeaseDeliveryRecords, createMemoryDeliveryRecords } from '../alerts/delivery-records.ts';
import { createAlertRouteEvents } from '../audit/alert-route-events.ts';
import type { Config } from '../config/schema.ts';
import {
  startAlertRouteController,
  type AlertRouteController,
} from '../controller/alert-route-controller.ts';
import type { Logger } from '../log/logger.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { ConversationSender } from '../dispatch/ports/conversation-sender.ts';
import { createRobotClient } from '../platforms/dingtalk/custom-robot/robot-client.ts';
import type { AsyncRoute } from '../server/async-route.ts';
import { createAlertDestinations } from './alert-destinations.ts';
import { createAlertsRoute } from './alerts-route.ts';
import { createAlertDiagnoser } from './alert-diagnoses.ts';
import type { DeliverDeps } from '../alerts/deliver-group.ts';

export interface AlertsPart {
  readonly route: AsyncRoute;
  readonly controller: AlertRouteController;
}

export interface StartAlertsOptions {
  readonly kc: KubeConfig;
  readonly config: Config;
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly instance: string;
  readonly isLeader: () => boolean;
  readonly runnerExists: (namespace: string) => boolean | undefined;
  readonly conversations: ConversationSender | undefined;
  /** Overrides the diagnoser (tests); by default routes with `diagnose: true` get one, as the runner. */
  readonly diagnose?: DeliverDeps['diagnose'];
}

export function startAlerts(opts: StartAlertsOptions): AlertsPart | undefined {
  const { config, kc } = opts;
  if (config.alerts.tokens.length === 0) return undefined;
  const log = opts.log.child({ component: 'alerts' });
  const m = createAlertMetrics(opts.metrics.registry);
  const controller = startAlertRouteController({
    kc,
    namespaces: config.namespaces,
    runnerName: config.runnerServiceAccount,
    runnerExists: opts.runnerExists,
    openApiConfigured: opts.conversations !== undefined,
    log,
    isLeader: opts.isLeader,
    resyncIntervalMs: config.resyncIntervalMs,
    watchTimeoutSeconds: config.watchTimeoutSeconds,
  });
  const times = { dedupeMs: config.alerts.dedupeMs, sendingMs: 60_000 };
  const records =
    config.coordination.namespace === ''
      ? createMemoryDeliveryRecords(times)
      : createLeaseDeliveryRecords({
          ...times,
          kc,
          namespace: config.coordination.namespace,
          identity: opts.instance,
          log,
        });
  const robots = createRobotClient({
    policy: {
      allowedHosts: config.alerts.robotAllowedHosts,
      allowInsecure: config.dingtalk.apiAllowInsecure,
    },
  });
  const event = createAlertRouteEvents(kc, log, opts.instance);
  const route = createAlertsRoute({
    tokens: config.alerts.tokens,
    maxBodyBytes: config.alerts.maxBodyBytes,
    log,
    deliver: {
      routes: () => controller.routes(),
      clusterNamespaces: config.alerts.clusterNamespaces,
      destinations: createAlertDestinations({
        kc,
        runnerName: config.runnerServiceAccount,
        conversations: opts.conversations,
        robots,
      }),
      records,
      defaultLocale: config.locale,
      log,
      diagnose:
        opts.diagnose ??
        createAlertDiagnoser({
          kc,
          runnerName: config.runnerServiceAccount,
          defaultLocale: config.locale,
          log,
          onComputed: (workload) => log.debug('alert diagnosis computed', { workload }),
        }),
      onReceived: (n) => m.received.inc(n),
      onSelected: (routed, tenancy, unmatched) => {
        m.routed.inc(routed);
        m.dropped.inc({ reason: 'tenancy' }, tenancy);
        m.dropped.inc({ reason: 'unmatched' }, unmatched);
      },
      onDelivery: (r, result, reason) => {
        m.deliveries.inc({ to: r.route.spec.to.robot !== undefined ? 'robot' : 'conversation', result });
        if (result === 'failed') {
          log.warn('alert delivery failed', { route: r.key, reason });
          event(
            r.route,
            'AlertDeliveryFailed',
            `Alert message not delivered (Alertmanager will retry): ${reason ?? 'unknown'}`,
          );
        }
      },
    },
  });
  return { route, controller };
}
