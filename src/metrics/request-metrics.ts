// Metrics of ChatRequests (confirmations and approvals, issue 14): requests by outcome, and time to a decision.
import { Counter, Histogram, type Registry } from 'prom-client';
import { MUTATING_ACTION_TYPES } from '../api/action-names.ts';

/** `created`, then how each ended: decided (approved/rejected/cancelled/expired) and run (succeeded/failed). */
export const REQUEST_OUTCOMES = [
  'created',
  'approved',
  'rejected',
  'cancelled',
  'expired',
  'succeeded',
  'failed',
] as const;

export interface RequestMetricsSet {
  readonly chatRequests: Counter<'action' | 'outcome'>;
  readonly chatRequestDecisionSeconds: Histogram<'action'>;
}

export function createRequestMetrics(registry: Registry): RequestMetricsSet {
  const chatRequests = new Counter({
    name: 'kubetalk_chat_requests_total',
    help: 'ChatRequests (confirmation/approval) by action and outcome: created, then approved/rejected/cancelled/expired, then succeeded/failed.',
    labelNames: ['action', 'outcome'] as const,
    registers: [registry],
  });
  const chatRequestDecisionSeconds = new Histogram({
    name: 'kubetalk_chat_request_decision_seconds',
    help: 'Time from a ChatRequest being created to its decision (approved, rejected, cancelled or expired).',
    labelNames: ['action'] as const,
    buckets: [5, 15, 30, 60, 120, 300, 600, 1800, 3600, 14_400, 86_400],
    registers: [registry],
  });
  // Only mutating actions can be held in a request: the label stays small and pre-initialised.
  for (const a of MUTATING_ACTION_TYPES) {
    for (const o of REQUEST_OUTCOMES) chatRequests.inc({ action: a, outcome: o }, 0);
    chatRequestDecisionSeconds.zero({ action: a });
  }
  return { chatRequests, chatRequestDecisionSeconds };
}
