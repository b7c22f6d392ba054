// Offline checks of AlertRoute manifests (kubetalk validate): the CRD's rules, the matchers (RE2) and the button
// templates, with a one-line summary of where the alerts go. Swappable for the CRD-driven validator.
import { ALERT_ROUTE_KIND } from '../api/alert-route.ts';
import { validateAlertRoute } from '../api/validate-alert-route.ts';
import type { CheckedObject, ObjectLocation } from './check-chat-commands.ts';

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
  const result = validateAlertRoute(obj);
  const problems = result.ok ? [] : [...result.problems];
  if (base.namespace === undefined)
    problems.push(
      'metadata.namespace: is required (an AlertRoute receives its namespace’s alerts); or pass -n NAMESPACE',
    );
  if (!result.ok || problems.length > 0) return { ...base, status: 'invalid', problems, warnings: [] };
  const { spec } = result.route;
  const to =
    spec.to.conversationId !== undefined
      ? `conversation ${spec.to.conversationId}`
      : `robot of Secret ${spec.to.robot?.secretName ?? ''}`;
  const matchers = spec.match?.length ?? 0;
  return {
    ...base,
    status: 'valid',
    problems: [],
    warnings: [],
    summary: `alerts of ${base.namespace ?? ''}${matchers > 0 ? ` matching ${spec.match?.join(', ') ?? ''}` : ''} → ${to}`,
  };
}
