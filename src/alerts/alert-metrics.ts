// The receiver's metrics: alerts received, routed, dropped (by tenancy or no match), deliveries by destination
// and result. Registered on kubetalk's registry next to the others.
import { Counter, type Registry } from 'prom-client';

export const DELIVERY_RESULTS = ['delivered', 'duplicate', 'failed', 'busy', 'unavailable'] as const;

export interface AlertMetrics {
  readonly received: Counter;
  readonly routed: Counter;
  readonly dropped: Counter<'reason'>;
  readonly deliveries: Counter<'to' | 'result'>;
}

export function createAlertMetrics(registry: Registry): AlertMetrics {
  const received = new Counter({
    name: 'kubetalk_alerts_received_total',
    help: 'Alerts received from Alertmanager (each alert of each notification, retries included).',
    registers: [registry],
  });
  const routed = new Counter({
    name: 'kubetalk_alerts_routed_total',
    help: 'Alerts handed to an AlertRoute (an alert counts once per route it reaches).',
    registers: [registry],
  });
  const dropped = new Counter({
    name: 'kubetalk_alerts_dropped_total',
    help: 'Alerts no route received: tenancy (a route elsewhere matched, but may not see it) or unmatched.',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const deliveries = new Counter({
    name: 'kubetalk_alert_deliveries_total',
    help: 'Alert messages per route, by destination (conversation, robot) and result.',
    labelNames: ['to', 'result'] as const,
    registers: [registry],
  });
  for (const r of ['tenancy', 'unmatched']) dropped.inc({ reason: r }, 0);
  for (const to of ['conversation', 'robot'])
    for (const r of DELIVERY_RESULTS) deliveries.inc({ to, result: r }, 0);
  return { received, routed, dropped, deliveries };
}
