// Decides an AlertRoute's Ready condition from facts; pure, so it is unit-tested alone.
import { ALERT_ROUTE_REASONS, type AlertRoute } from '../api/alert-route.ts';
import type { Condition, ConditionStatus } from '../api/chat-command.ts';
import { CONDITION_READY } from '../api/conditions.ts';

export interface AlertRouteFacts {
  readonly problems: readonly string[];
  /** undefined = not known yet (the runner watch has not listed). */
  readonly runnerExists: boolean | undefined;
  readonly runnerName: string;
  /** Whether the OpenAPI sender is configured (needed by to.conversationId). */
  readonly openApiConfigured: boolean;
}

export interface AlertRouteStatus {
  readonly observedGeneration: number;
  readonly conditions: readonly Condition[];
}

function decide(
  route: AlertRoute,
  facts: AlertRouteFacts,
): { status: ConditionStatus; reason: string; message: string } {
  const ns = route.metadata.namespace;
  if (facts.problems.length > 0)
    return { status: 'False', reason: ALERT_ROUTE_REASONS.invalidSpec, message: facts.problems.join('; ') };
  const to = route.spec.to;
  if ((to.robot !== undefined || route.spec.diagnose === true) && facts.runnerExists === false)
    return {
      status: 'False',
      reason: ALERT_ROUTE_REASONS.runnerMissing,
      message: `ServiceAccount ${ns}/${facts.runnerName} does not exist; the robot Secret (and any diagnosis) is read as it. Create it with a Role that may get that Secret.`,
    };
  if (to.conversationId !== undefined && !facts.openApiConfigured)
    return {
      status: 'False',
      reason: ALERT_ROUTE_REASONS.senderUnavailable,
      message:
        'to.conversationId needs the DingTalk OpenAPI sender, which this kubetalk has not configured (KUBETALK_DINGTALK_CLIENT_ID); ask the operator, or use to.robot.',
    };
  const where =
    to.conversationId !== undefined
      ? `conversation ${to.conversationId}`
      : `robot of Secret ${to.robot?.secretName ?? ''}`;
  const n = route.spec.match?.length ?? 0;
  return {
    status: 'True',
    reason: ALERT_ROUTE_REASONS.accepted,
    message: `Alerts of namespace ${ns}${n > 0 ? ` matching ${n} matcher(s)` : ''} go to the ${where}.`,
  };
}

export function computeAlertRouteStatus(
  route: AlertRoute,
  facts: AlertRouteFacts,
  now: Date,
): AlertRouteStatus {
  const verdict = decide(route, facts);
  const generation = route.metadata.generation ?? 0;
  const previous = route.status?.conditions?.find((c) => c.type === CONDITION_READY);
  const lastTransitionTime =
    previous && previous.status === verdict.status ? previous.lastTransitionTime : now.toISOString();
  return {
    observedGeneration: generation,
    conditions: [{ type: CONDITION_READY, ...verdict, lastTransitionTime, observedGeneration: generation }],
  };
}

export function alertRouteStatusEquals(a: AlertRoute['status'], b: AlertRouteStatus): boolean {
  const x = a?.conditions?.find((c) => c.type === CONDITION_READY);
  const y = b.conditions[0];
  return (
    a?.observedGeneration === b.observedGeneration &&
    x !== undefined &&
    y !== undefined &&
    x.status === y.status &&
    x.reason === y.reason &&
    x.message === y.message
  );
}
