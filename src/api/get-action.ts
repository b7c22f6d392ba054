// Turns spec.action (a wire union of optional members) into a discriminated value that switch statements can exhaust.
import type {
  ChatCommandAction,
  CronJobAction,
  DiagnoseAction,
  EventsAction,
  JobAction,
  LogsAction,
  PodsAction,
  RolloutAction,
  ScaleAction,
  WebhookAction,
} from './chat-command.ts';

/** Which member of spec.action is set (rollout and cronjob operations are not told apart here). */
export type ActionKind =
  'scale' | 'rollout' | 'logs' | 'job' | 'cronjob' | 'pods' | 'events' | 'webhook' | 'diagnose';

export type ActionOf =
  | { readonly type: 'scale'; readonly scale: ScaleAction }
  | { readonly type: 'rollout'; readonly rollout: RolloutAction }
  | { readonly type: 'logs'; readonly logs: LogsAction }
  | { readonly type: 'job'; readonly job: JobAction }
  | { readonly type: 'cronjob'; readonly cronjob: CronJobAction }
  | { readonly type: 'pods'; readonly pods: PodsAction }
  | { readonly type: 'events'; readonly events: EventsAction }
  | { readonly type: 'webhook'; readonly webhook: WebhookAction }
  | { readonly type: 'diagnose'; readonly diagnose: DiagnoseAction };

/**
 * The one member of a validated action. Throws when zero or several are set: validated objects never are,
 * so reaching that is a programming error, not user input.
 */
export function getAction(action: ChatCommandAction): ActionOf {
  const found: ActionOf[] = [];
  if (action.scale) found.push({ type: 'scale', scale: action.scale });
  if (action.rollout) found.push({ type: 'rollout', rollout: action.rollout });
  if (action.logs) found.push({ type: 'logs', logs: action.logs });
  if (action.job) found.push({ type: 'job', job: action.job });
  if (action.cronjob) found.push({ type: 'cronjob', cronjob: action.cronjob });
  if (action.pods) found.push({ type: 'pods', pods: action.pods });
  if (action.events) found.push({ type: 'events', events: action.events });
  if (action.webhook) found.push({ type: 'webhook', webhook: action.webhook });
  if (action.diagnose) found.push({ type: 'diagnose', diagnose: action.diagnose });
  const [only] = found;
  if (!only || found.length > 1) {
    throw new Error(`spec.action must have exactly one member, found ${found.length}`);
  }
  return only;
}
