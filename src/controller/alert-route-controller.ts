// Watches AlertRoutes, keeps the compiled routes the receiver reads (alert-route-objects), and (as leader) writes each
// route's status (reconcile-alert-route-statuses).
import { CustomObjectsApi, type KubeConfig, type KubernetesListObject } from '@kubernetes/client-node';
import { GROUP, VERSION } from '../api/chat-command.ts';
import { ALERT_ROUTE_PLURAL } from '../api/alert-route.ts';
import type { CompiledRoute } from '../alerts/select-routes.ts';
import { makeDeadlineClient } from '../kube/deadline-client.ts';
import type { Logger } from '../log/logger.ts';
import { createAlertRouteObjects, type RawAlertRoute } from './alert-route-objects.ts';
import { listInPages } from './list-in-pages.ts';
import { startResilientInformer, type InformerHealth, type ResilientInformer } from './resilient-informer.ts';
import { reconcileAlertRouteStatuses } from './reconcile-alert-route-statuses.ts';
import { createStatusPass } from './status-pass.ts';

export interface AlertRouteControllerOptions {
  readonly kc: KubeConfig;
  readonly namespaces: readonly string[];
  readonly runnerName: string;
  readonly runnerExists: (namespace: string) => boolean | undefined;
  readonly openApiConfigured: boolean;
  readonly log: Logger;
  readonly isLeader: () => boolean;
  readonly resyncIntervalMs: number;
  readonly watchTimeoutSeconds?: number;
}

export interface AlertRouteController {
  /** The valid routes, compiled; what the receiver routes by. */
  routes(): readonly CompiledRoute[];
  health(): InformerHealth;
  reconcileSoon(): void;
  stop(): Promise<void>;
}

type Listed = RawAlertRoute & { metadata: { name: string } };

export function startAlertRouteController(opts: AlertRouteControllerOptions): AlertRouteController {
  const log = opts.log.child({ component: 'alert-routes' });
  const custom = makeDeadlineClient(opts.kc, CustomObjectsApi, 30_000);
  const objects = createAlertRouteObjects(log);
  const handlers = {
    onUpsert: (raw: RawAlertRoute): void => {
      objects.upsert(raw);
      pass.soon();
    },
    onDelete: (raw: RawAlertRoute): void => objects.delete(raw),
  };
  const informers = startAlertRouteInformers(opts, custom, handlers, log);
  const pass = createStatusPass(
    () =>
      opts.isLeader()
        ? reconcileAlertRouteStatuses(objects.all(), opts, custom, pass, log)
        : Promise.resolve(),
    { log },
  );
  const resync = setInterval(() => pass.soon(), opts.resyncIntervalMs);
  resync.unref();

  return {
    routes: () => objects.compiled(),
    health() {
      for (const i of informers) {
        const h = i.health();
        if (!h.ok)
          return { ok: false, reason: `AlertRoutes: ${h.reason} (is the AlertRoute CRD installed?)` };
      }
      return { ok: true };
    },
    reconcileSoon: () => pass.soon(),
    async stop() {
      pass.stop();
      clearInterval(resync);
      await Promise.all(informers.map((i) => i.stop()));
    },
  };
}

/** One informer per watched namespace (or one cluster-wide), listing in pages. */
function startAlertRouteInformers(
  opts: AlertRouteControllerOptions,
  custom: CustomObjectsApi,
  handlers: { onUpsert: (raw: Listed) => void; onDelete: (raw: Listed) => void },
  log: Logger,
): ResilientInformer[] {
  const base = { group: GROUP, version: VERSION, plural: ALERT_ROUTE_PLURAL };
  const paths = opts.namespaces.length === 0 ? [undefined] : opts.namespaces;
  return paths.map((ns) =>
    startResilientInformer<Listed>({
      kc: opts.kc,
      path: ns
        ? `/apis/${GROUP}/${VERSION}/namespaces/${ns}/${ALERT_ROUTE_PLURAL}`
        : `/apis/${GROUP}/${VERSION}/${ALERT_ROUTE_PLURAL}`,
      list: () =>
        listInPages<Listed>(
          (page) =>
            (ns
              ? custom.listNamespacedCustomObject({ ...base, namespace: ns, ...page })
              : custom.listClusterCustomObject({ ...base, ...page })) as Promise<
              KubernetesListObject<Listed>
            >,
        ),
      handlers,
      log,
      ...(opts.watchTimeoutSeconds !== undefined ? { watchTimeoutSeconds: opts.watchTimeoutSeconds } : {}),
      trimCached: true,
    }),
  );
}
