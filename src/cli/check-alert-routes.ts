// Offline checks of AlertRoute manifests (kubetalk validate): the CRD's schema and rules, the matchers (RE2) and the
// button titles, with a one-line summary of where the alerts go.
import { ALERT_ROUTE_KIND } from '../api/alert-route.ts';
import { validateAlertRoute } from '../api/validate-alert-route.ts';
import type { CheckedObject, ObjectLocation } from './check-chat-commands.ts';
import { withNamespaceHint } from './namespace-hint.ts';

export function isAlertRoute(kind: string | undefined): boolean {
  return kind === ALERT_ROUTE_KIND;
}

export function checkAlertRoute(
  obj: unknown,
  base: ObjectLocation & {
    kind: string | undefined;
    name: string | undefined;
    namespace: string | undefined;
  },
): CheckedObject {
  const result = validateAlertRoute(
    obj,
    base.namespace === undefined ? {} : { defaultNamespace: base.namespace },
  );
  if (!result.ok)
    return { ...base, status: 'invalid', problems: withNamespaceHint(result.problems), warnings: [] };
  const { spec, metadata } = result.route;
  const to =
    spec.to.conversationId !== undefined
      ? `conversation ${spec.to.conversationId}`
      : `robot of Secret ${spec.to.robot?.secretName ?? ''}`;
  const matchers = spec.match?.length ?? 0;
  return {
    ...base,
    namespace: metadata.namespace,
    status: 'valid',
    problems: [],
    warnings: [],
    summary: `alerts of ${metadata.namespace}${matchers > 0 ? ` matching ${spec.match?.join(', ') ?? ''}` : ''} → ${to}`,
  };
}
