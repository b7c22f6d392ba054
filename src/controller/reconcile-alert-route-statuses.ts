// The leader's status pass over AlertRoutes: compute each route's Ready condition and write it when it changed
// (a merge patch of the status subresource); a failed write is retried by the next pass.
import { PatchStrategy, setHeaderOptions, type CustomObjectsApi } from '@kubernetes/client-node';
import { ALERT_ROUTE_PLURAL } from '../api/alert-route.ts';
import { GROUP, VERSION } from '../api/chat-command.ts';
import { apiStatusCode } from '../kube/api-status.ts';
import type { Logger } from '../log/logger.ts';
import { routeKey, type SeenAlertRoute } from './alert-route-objects.ts';
import { alertRouteStatusEquals, computeAlertRouteStatus } from './alert-route-status.ts';
import type { StatusPass } from './status-pass.ts';

export interface AlertRouteStatusFacts {
  readonly runnerName: string;
  readonly runnerExists: (namespace: string) => boolean | undefined;
  readonly openApiConfigured: boolean;
}

export async function reconcileAlertRouteStatuses(
  routes: readonly SeenAlertRoute[],
  facts: AlertRouteStatusFacts,
  custom: CustomObjectsApi,
  pass: Pick<StatusPass, 'stopped' | 'retryLater'>,
  log: Logger,
): Promise<void> {
  for (const { obj, problems } of routes) {
    if (pass.stopped) return;
    const ns = obj.metadata.namespace;
    const route = routeKey(ns, obj.metadata.name);
    const desired = computeAlertRouteStatus(
      obj,
      {
        problems,
        runnerExists: facts.runnerExists(ns),
        runnerName: facts.runnerName,
        openApiConfigured: facts.openApiConfigured,
      },
      new Date(),
    );
    if (alertRouteStatusEquals(obj.status, desired)) continue;
    try {
      await custom.patchNamespacedCustomObjectStatus(
        {
          group: GROUP,
          version: VERSION,
          plural: ALERT_ROUTE_PLURAL,
          namespace: ns,
          name: obj.metadata.name,
          body: { status: desired },
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      log.info('status updated', { route, ready: desired.conditions[0]?.reason });
    } catch (err) {
      if (apiStatusCode(err) === 404) continue;
      log.warn('status write failed; will retry', { route, err });
      pass.retryLater();
    }
  }
}
