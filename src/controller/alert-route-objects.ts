// The AlertRoutes the controller has seen, each decoded (or with its problems), and the valid ones compiled for the
// receiver. An invalid route receives nothing; its status says why.
import { decodeAdmittedAlertRoute } from '../api/alert-route-from-crd.ts';
import type { AlertRoute } from '../api/alert-route.ts';
import { compileRoute, type CompiledRoute } from '../alerts/select-routes.ts';
import type { Logger } from '../log/logger.ts';
import { dropServerBookkeeping } from './trim-object.ts';

export type RawAlertRoute = { metadata?: { name?: string; namespace?: string } } & Record<string, unknown>;

export interface SeenAlertRoute {
  readonly obj: AlertRoute;
  readonly problems: readonly string[];
}

export interface AlertRouteObjects {
  upsert(raw: RawAlertRoute): void;
  delete(raw: RawAlertRoute): void;
  /** The valid routes, compiled. */
  compiled(): readonly CompiledRoute[];
  all(): readonly SeenAlertRoute[];
}

export function routeKey(ns: string, name: string): string {
  return `${ns}/${name}`;
}

export function createAlertRouteObjects(log: Logger): AlertRouteObjects {
  const objects = new Map<string, SeenAlertRoute>();
  let compiled: readonly CompiledRoute[] = [];
  const recompile = (): void => {
    compiled = [...objects.values()].filter((o) => o.problems.length === 0).map((o) => compileRoute(o.obj));
  };
  return {
    upsert(raw) {
      const own = dropServerBookkeeping(raw);
      const result = decodeAdmittedAlertRoute(own);
      const key = routeKey(raw.metadata?.namespace ?? '', raw.metadata?.name ?? '');
      if (result.ok) objects.set(key, { obj: { ...result.route, ...statusOf(own) }, problems: [] });
      else {
        objects.set(key, { obj: own as unknown as AlertRoute, problems: result.problems });
        log.warn('AlertRoute is invalid and receives nothing', { route: key, problems: result.problems });
      }
      recompile();
    },
    delete(raw) {
      objects.delete(routeKey(raw.metadata?.namespace ?? '', raw.metadata?.name ?? ''));
      recompile();
    },
    compiled: () => compiled,
    all: () => [...objects.values()],
  };
}

function statusOf(raw: Record<string, unknown>): Pick<AlertRoute, 'status'> {
  const s = raw['status'];
  return typeof s === 'object' && s !== null ? { status: s } : {};
}
