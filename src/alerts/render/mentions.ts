// Whom an alert message @-mentions: the route's fixed staff ids, those of the firing alerts' severities, and those
// mapped from an owner label's values. Resolved alerts mention nobody: nobody needs paging for a recovery.
import type { AlertRouteSpec } from '../../api/alert-route.ts';
import type { Alert } from '../payload.ts';

/** DingTalk notifies at most this many people usefully; more would be a broadcast. */
export const MAX_MENTIONS = 20;

export function selectMentions(spec: AlertRouteSpec['mentions'], alerts: readonly Alert[]): string[] {
  if (spec === undefined) return [];
  const firing = alerts.filter((a) => a.status === 'firing');
  if (firing.length === 0) return [];
  const ids = new Set<string>(spec.staffIds ?? []);
  const bySeverity = spec.bySeverity ?? {};
  const owner = spec.byLabel;
  for (const a of firing) {
    const severity = a.labels['severity'];
    if (severity !== undefined && Object.hasOwn(bySeverity, severity))
      for (const id of bySeverity[severity] ?? []) ids.add(id);
    if (owner === undefined) continue;
    const value = Object.hasOwn(a.labels, owner.label) ? a.labels[owner.label] : undefined;
    if (value !== undefined && Object.hasOwn(owner.staffIds, value))
      for (const id of owner.staffIds[value] ?? []) ids.add(id);
  }
  return [...ids].slice(0, MAX_MENTIONS);
}
