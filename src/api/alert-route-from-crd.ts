// An AlertRoute from its CRD: untrusted input → an AlertRoute, or every problem found. The checks are the CRD's own
// (crds/kubetalk.io_alertroutes.yaml, read by ./crd/: schema and, when given, CEL rules, with the messages the API
// server gives), plus what the CRD cannot say (alert-route-runtime-checks). validate-alert-route.ts adds the CEL
// rules (offline checks); the controller decodes admitted objects without them.
import { ALERT_ROUTE_KIND, type AlertRoute, type AlertRouteSpec } from './alert-route.ts';
import { checkAlertRouteRuntimeRules } from './alert-route-runtime-checks.ts';
import { API_VERSION } from './chat-command.ts';
import type { RuleEvaluator } from './crd/validate-custom-resource.ts';
import { validateOwnKind } from './crd/validate-own-kind.ts';
import { isRecord } from '../lib/is-record.ts';

export type AlertRouteValidation =
  | { readonly ok: true; readonly route: AlertRoute }
  | { readonly ok: false; readonly problems: readonly string[] };

export interface AlertRouteOptions {
  /** Namespace to assume when metadata.namespace is missing, as `kubectl apply -n` would (offline checks). */
  readonly defaultNamespace?: string;
}

/** The CRD's schema without its CEL rules (they ran at admission), and the runtime checks: for watched objects. */
export function decodeAdmittedAlertRoute(obj: unknown): AlertRouteValidation {
  return checkAlertRoute(obj, {}, undefined);
}

export function checkAlertRoute(
  obj: unknown,
  options: AlertRouteOptions,
  rules: RuleEvaluator | undefined,
): AlertRouteValidation {
  const result = validateOwnKind(obj, API_VERSION, ALERT_ROUTE_KIND, {
    ...options,
    ...(rules ? { rules } : {}),
  });
  const problems = result.ok ? [] : [...result.problems];
  // One report: a value the CRD already refused gets no second message at the same path.
  const refused = new Set(problems.map((p) => p.slice(0, p.indexOf(': '))));
  const runtime = checkAlertRouteRuntimeRules(isRecord(obj) ? obj.spec : undefined);
  problems.push(...runtime.filter((p) => !refused.has(p.slice(0, p.indexOf(': ')))));
  if (!result.ok || problems.length > 0) return { ok: false, problems };
  const spec = result.object.spec as AlertRouteSpec;
  const meta = result.object.metadata as Record<string, unknown>;
  const status = result.object.status as AlertRoute['status'];
  return {
    ok: true,
    route: {
      apiVersion: API_VERSION,
      kind: ALERT_ROUTE_KIND,
      metadata: {
        name: String(meta.name),
        namespace: String(meta.namespace),
        ...(typeof meta.uid === 'string' ? { uid: meta.uid } : {}),
        ...(typeof meta.generation === 'number' ? { generation: meta.generation } : {}),
      },
      spec,
      ...(status ? { status } : {}),
    },
  };
}
