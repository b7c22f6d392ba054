// Watches AlertRoutes, keeps the compiled routes the receiver reads, and (as leader) writes each route's status.
import {
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
  type KubernetesListObject,
} from '@kubernetes/client-node';
import { GROUP, VERSION } from '../api/chat-command.ts';
import { ALERT_ROUTE_PLURAL, type AlertRoute } from '../api/alert-route.ts';
import { decodeAdmittedAlertRoute } from '../api/alert-route-from-crd.ts';
import { compileRoute, type CompiledRoute } from '../alerts/select-routes.ts';
import { makeDeadlineClient } from '../kube/deadline-client.ts';
import type { Logger } from '../log/logger.ts';
import { alertRouteStatusEquals, computeAlertRouteStatus } from './alert-route-status.ts';
import { listInPages } from './list-in-pages.ts';
import { startResilientInformer, type InformerHealth, type ResilientInformer } from './resilient-informer.ts';
import { createStatusPass } from './status-pass.ts';
import { dropServerBookkeeping } from './trim-object.ts';

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

type Raw = { metadata?: { name?: string; namespace?: string } } & Record<string, unknown>;

export function startAlertRouteController(opts: AlertRouteControllerOptions): AlertRouteController {
  const log = opts.log.child({ component: 'alert-routes' });
  const custom = makeDeadlineClient(opts.kc, CustomObjectsApi, 30_000);
  const objects = new Map<string, { obj: AlertRoute; problems: readonly string[] }>();
  let compiled: readonly CompiledRoute[] = [];
  const key = (ns: string, name: string): string => `${ns}/${name}`;
  const recompile = (): void => {
    compiled = [...objects.values()].filter((o) => o.problems.length === 0).map((o) => compileRoute(o.obj));
  };

  const onUpsert = (raw: Raw): void => {
    const own = dropServerBookkeeping(raw);
    const result = decodeAdmittedAlertRoute(own);
    const ns = raw.metadata?.namespace ?? '';
    const name = raw.metadata?.name ?? '';
    if (result.ok) objects.set(key(ns, name), { obj: { ...result.route, ...statusOf(own) }, problems: [] });
    else {
      objects.set(key(ns, name), { obj: own as unknown as AlertRoute, problems: result.problems });
      log.warn('AlertRoute is invalid and receives nothing', {
        route: key(ns, name),
        problems: result.problems,
      });
    }
    recompile();
    pass.soon();
  };
  const onDelete = (raw: Raw): void => {
    objects.delete(key(raw.metadata?.namespace ?? '', raw.metadata?.name ?? ''));
    recompile();
  };

  const paths = opts.namespaces.length === 0 ? [undefined] : opts.namespaces;
  const informers: ResilientInformer[] = paths.map((ns) =>
    startResilientInformer<Raw & { metadata: { name: string } }>({
      kc: opts.kc,
      path: ns
        ? `/apis/${GROUP}/${VERSION}/namespaces/${ns}/${ALERT_ROUTE_PLURAL}`
        : `/apis/${GROUP}/${VERSION}/${ALERT_ROUTE_PLURAL}`,
      list: () =>
        listInPages<Raw & { metadata: { name: string } }>(
          (page) =>
            (ns
              ? custom.listNamespacedCustomObject({
                  group: GROUP,
                  version: VERSION,
                  namespace: ns,
                  plural: ALERT_ROUTE_PLURAL,
                  ...page,
                })
              : custom.listClusterCustomObject({
                  group: GROUP,
                  version: VERSION,
                  plural: ALERT_ROUTE_PLURAL,
                  ...page,
                })) as Promise<KubernetesListObject<Raw & { metadata: { name: string } }>>,
        ),
      handlers: { onUpsert, onDelete },
      log,
      ...(opts.watchTimeoutSeconds !== undefined ? { watchTimeoutSeconds: opts.watchTimeoutSeconds } : {}),
      trimCached: true,
    }),
  );

  async function reconcileAll(): Promise<void> {
    if (!opts.isLeader()) return;
    for (const { obj, problems } of [...objects.values()]) {
      if (pass.stopped) return;
      const ns = obj.metadata.namespace;
      const desired = computeAlertRouteStatus(
        obj,
        {
          problems,
          runnerExists: opts.runnerExists(ns),
          runnerName: opts.runnerName,
          openApiConfigured: opts.openApiConfigured,
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
        log.info('status updated', {
          route: key(ns, obj.metadata.name),
          ready: desired.conditions[0]?.reason,
        });
      } catch (err) {
        if ((err as { code?: number }).code === 404) continue;
        log.warn('status write failed; will retry', { route: key(ns, obj.metadata.name), err });
        pass.retryLater();
      }
    }
  }
  const pass = createStatusPass(reconcileAll, { log });
  const resync = setInterval(() => pass.soon(), opts.resyncIntervalMs);
  resync.unref();

  return {
    routes: () => compiled,
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

function statusOf(raw: Record<string, unknown>): Pick<AlertRoute, 'status'> {
  const s = raw['status'];
  return typeof s === 'object' && s !== null ? { status: s } : {};
}
