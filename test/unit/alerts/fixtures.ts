// Alert groups and routes for the alert unit tests.
import type { AlertRoute, AlertRouteSpec } from '../../../src/api/alert-route.ts';
import type { Alert, AlertGroup } from '../../../src/alerts/payload.ts';
import { compileRoute, type CompiledRoute } from '../../../src/alerts/select-routes.ts';

export const NOW = Date.parse('2026-12-05T10:30:00Z');

export function alert(labels: Record<string, string>, extra: Partial<Alert> = {}): Alert {
  return {
    status: 'firing',
    labels,
    annotations: {},
    startsAt: '2026-12-05T10:18:00Z',
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'https://prometheus.example/graph?g0.expr=up',
    fingerprint: Object.values(labels).join('-').slice(0, 16) || 'f0',
    ...extra,
  };
}

export function group(alerts: readonly Alert[], extra: Partial<AlertGroup> = {}): AlertGroup {
  return {
    version: '4',
    groupKey: '{}:{alertname="KubePodCrashLooping"}',
    truncatedAlerts: 0,
    status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
    receiver: 'kubetalk',
    groupLabels: { alertname: 'KubePodCrashLooping', namespace: 'shop' },
    commonLabels: { alertname: 'KubePodCrashLooping', namespace: 'shop' },
    commonAnnotations: {},
    externalURL: 'https://alertmanager.example',
    alerts,
    ...extra,
  };
}

export function route(namespace: string, name: string, spec: Partial<AlertRouteSpec> = {}): CompiledRoute {
  const r: AlertRoute = {
    apiVersion: 'kubetalk.io/v1alpha1',
    kind: 'AlertRoute',
    metadata: { name, namespace, uid: `${namespace}-${name}-uid` },
    spec: { to: { conversationId: `cid-${namespace}` }, ...spec },
  };
  return compileRoute(r);
}
