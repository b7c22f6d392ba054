// Which AlertRoutes receive which alerts of a group: tenancy first (a route sees only its own namespace's alerts,
// and namespace-less alerts only in the operator's cluster-wide namespaces), then the route's matchers.
import type { AlertRoute } from '../api/alert-route.ts';
import { matchesAll, parseMatcher, type Matcher } from './matchers.ts';
import type { Alert } from './payload.ts';

export interface CompiledRoute {
  readonly route: AlertRoute;
  /** `namespace/name`. */
  readonly key: string;
  readonly matchers: readonly Matcher[];
}

export interface RoutedAlerts {
  readonly route: CompiledRoute;
  readonly alerts: readonly Alert[];
}

export interface Selection {
  readonly routed: readonly RoutedAlerts[];
  /** Alerts no route received although a route elsewhere matched them: tenancy kept them out. */
  readonly droppedByTenancy: number;
  /** Alerts no route matched at all. */
  readonly unmatched: number;
}

/** The label tenancy is decided by; Prometheus' kube-state-metrics and most rules set it. */
export const NAMESPACE_LABEL = 'namespace';

/** Compiles a validated route; matchers that do not parse were refused by validation already and are skipped. */
export function compileRoute(route: AlertRoute): CompiledRoute {
  const matchers: Matcher[] = [];
  for (const text of route.spec.match ?? []) {
    const parsed = parseMatcher(text);
    if (parsed.ok) matchers.push(parsed.matcher);
  }
  return { route, key: `${route.metadata.namespace}/${route.metadata.name}`, matchers };
}

/** The namespace whose routes may see this alert, or undefined when it has none (cluster-wide). */
export function alertNamespace(alert: Alert): string | undefined {
  const ns = Object.hasOwn(alert.labels, NAMESPACE_LABEL) ? alert.labels[NAMESPACE_LABEL] : undefined;
  return ns === undefined || ns === '' ? undefined : ns;
}

export function selectRoutes(
  alerts: readonly Alert[],
  routes: readonly CompiledRoute[],
  clusterNamespaces: readonly string[],
): Selection {
  const byNamespace = new Map<string, CompiledRoute[]>();
  for (const r of routes) {
    const list = byNamespace.get(r.route.metadata.namespace) ?? [];
    list.push(r);
    byNamespace.set(r.route.metadata.namespace, list);
  }
  const clusterWide = clusterNamespaces.flatMap((ns) => byNamespace.get(ns) ?? []);
  const perRoute = new Map<string, { route: CompiledRoute; alerts: Alert[] }>();
  let droppedByTenancy = 0;
  let unmatched = 0;
  for (const alert of alerts) {
    const ns = alertNamespace(alert);
    const candidates = ns === undefined ? clusterWide : (byNamespace.get(ns) ?? []);
    let hit = false;
    for (const r of candidates) {
      if (!matchesAll(r.matchers, alert.labels)) continue;
      hit = true;
      const entry = perRoute.get(r.key) ?? { route: r, alerts: [] };
      entry.alerts.push(alert);
      perRoute.set(r.key, entry);
    }
    if (hit) continue;
    const elsewhere = routes.some((r) => !candidates.includes(r) && matchesAll(r.matchers, alert.labels));
    if (elsewhere) droppedByTenancy++;
    else unmatched++;
  }
  return { routed: [...perRoute.values()], droppedByTenancy, unmatched };
}
