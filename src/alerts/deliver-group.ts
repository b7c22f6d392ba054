// Delivers one Alertmanager notification: routes it, renders each route's share, posts each once, and says whether
// Alertmanager should count it delivered (every route got it, now or before) or retry (any send may yet pass).
import { createHash } from 'node:crypto';
import type { Locale } from '../i18n/catalog.ts';
import type { Logger } from '../log/logger.ts';
import type { OutboundReply } from '../dispatch/ports/chat.ts';
import type { DeliveryRecords } from './delivery-records.ts';
import type { Alert, AlertGroup } from './payload.ts';
import { renderAlertMessage } from './render/render-alert-message.ts';
import { selectRoutes, type CompiledRoute } from './select-routes.ts';

export type SendOutcome =
  { readonly ok: true } | { readonly ok: false; readonly transient: boolean; readonly reason: string };

/** Where messages go: the platform side, by route. */
export interface AlertDestinations {
  /** The markdown budget of the route's destination (JSON-escaped bytes). */
  budgetFor(route: CompiledRoute): number;
  send(route: CompiledRoute, message: OutboundReply): Promise<SendOutcome>;
}

export type DeliveryResult = 'delivered' | 'duplicate' | 'failed' | 'busy' | 'unavailable';

export interface DeliverDeps {
  readonly routes: () => readonly CompiledRoute[];
  readonly clusterNamespaces: readonly string[];
  readonly destinations: AlertDestinations;
  readonly records: DeliveryRecords;
  readonly defaultLocale: Locale;
  readonly log: Logger;
  readonly now?: () => number;
  /** Diagnoses of the workloads the alerts name, for routes that ask (issue 19); by alert fingerprint. */
  readonly diagnose?: (
    route: CompiledRoute,
    group: AlertGroup,
    alerts: readonly Alert[],
  ) => Promise<ReadonlyMap<string, string>>;
  readonly onReceived?: (alerts: number) => void;
  readonly onSelected?: (routed: number, droppedByTenancy: number, unmatched: number) => void;
  readonly onDelivery?: (route: CompiledRoute, result: DeliveryResult, reason?: string) => void;
}

export interface GroupOutcome {
  /** 200 when every route has the message; 503 when a send failed and a retry may pass. */
  readonly status: 200 | 503;
  readonly results: readonly { readonly route: string; readonly result: DeliveryResult }[];
}

export async function deliverGroup(group: AlertGroup, deps: DeliverDeps): Promise<GroupOutcome> {
  const now = deps.now ?? Date.now;
  deps.onReceived?.(group.alerts.length);
  const selection = selectRoutes(group.alerts, deps.routes(), deps.clusterNamespaces);
  deps.onSelected?.(
    selection.routed.reduce((n, r) => n + r.alerts.length, 0),
    selection.droppedByTenancy,
    selection.unmatched,
  );
  const results = await Promise.all(
    selection.routed.map(async ({ route, alerts }) => {
      const result = await deliverToRoute(group, route, alerts, deps, now);
      return { route: route.key, result };
    }),
  );
  const retry = results.some((r) => r.result !== 'delivered' && r.result !== 'duplicate');
  return { status: retry ? 503 : 200, results };
}

async function deliverToRoute(
  group: AlertGroup,
  route: CompiledRoute,
  alerts: readonly Alert[],
  deps: DeliverDeps,
  now: () => number,
): Promise<DeliveryResult> {
  const key = deliveryKey(route, group, alerts);
  const begin = await deps.records.begin(key);
  if (begin !== 'go') {
    const result: DeliveryResult = begin === 'delivered' ? 'duplicate' : begin;
    deps.onDelivery?.(route, result);
    return result;
  }
  let outcome: SendOutcome;
  try {
    const diagnoses =
      route.route.spec.diagnose && deps.diagnose ? await deps.diagnose(route, group, alerts) : undefined;
    const message = renderAlertMessage({
      group,
      alerts,
      spec: route.route.spec,
      locale: route.route.spec.locale ?? deps.defaultLocale,
      now: now(),
      maxMarkdownBytes: deps.destinations.budgetFor(route),
      ...(diagnoses ? { diagnoses } : {}),
    });
    outcome = await deps.destinations.send(route, message);
  } catch (err) {
    deps.log.error('alert delivery failed unexpectedly', { route: route.key, err });
    outcome = { ok: false, transient: true, reason: 'internal error' };
  }
  await deps.records.finish(key, outcome.ok);
  const result: DeliveryResult = outcome.ok ? 'delivered' : 'failed';
  deps.onDelivery?.(route, result, outcome.ok ? undefined : outcome.reason);
  return result;
}

/**
 * Identifies one message: the route (by uid, so a re-created route is new), the group, and every alert's identity
 * and state. Alertmanager's retries carry the same payload, so they get the same key; a change in the group is new.
 */
export function deliveryKey(route: CompiledRoute, group: AlertGroup, alerts: readonly Alert[]): string {
  const h = createHash('sha256');
  h.update(
    `${route.route.metadata.uid ?? route.key}\n${group.groupKey}\n${group.status}\n${group.truncatedAlerts}\n`,
  );
  const ids = alerts.map((a) => `${a.fingerprint}|${a.status}|${a.startsAt}|${a.endsAt}`).sort();
  for (const id of ids) h.update(`${id}\n`);
  return h.digest('hex');
}
