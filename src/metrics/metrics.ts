// Every Prometheus metric kubetalk exports, with label sets pre-initialised so dashboards see zeros, not gaps.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { ACTION_TYPES } from '../api/action-names.ts';
import { createRequestMetrics } from './request-metrics.ts';

export const COMMAND_RESULTS = ['succeeded', 'failed', 'denied', 'invalid', 'error', 'limited'] as const;
export const REPLY_RESULTS = ['ok', 'retried', 'failed', 'refused'] as const;
export type CommandResult = (typeof COMMAND_RESULTS)[number];
export type ReplyResult = (typeof REPLY_RESULTS)[number];
const BUILTINS = ['help', 'whoami'] as const;

export interface Metrics {
  readonly registry: Registry;
  /** Label values are the inbound route's (src/server/callback-results.ts), zeroed by whoever mounts it. */
  readonly callbacks: Counter<'result'>;
  /** Why callbacks were answered 401; the answer itself never says. */
  readonly callbacksUnauthorized: Counter<'reason'>;
  readonly commands: Counter<'action' | 'result'>;
  readonly actionDuration: Histogram<'action'>;
  readonly replies: Counter<'result'>;
  readonly registryCommands: Gauge;
  readonly informerRestarts: Counter;
  readonly informerSynced: Gauge;
  /** Watches re-opened without an error: `silent` past the server's deadline, `deadline` streaming past ours. */
  readonly watchReopened: Counter<'reason'>;
  readonly leader: Gauge;
  readonly followUpsActive: Gauge;
  // DingTalk Stream mode and OpenAPI sender (issue 12).
  readonly streamConnected: Gauge;
  readonly streamReconnects: Counter<'reason'>;
  readonly streamFrames: Counter<'kind'>;
  readonly streamAckSeconds: Histogram;
  readonly openapiSends: Counter<'kind' | 'result'>;
  readonly openapiTokenRefreshes: Counter<'result'>;
  // Confirmations and approvals (issue 14).
  readonly chatRequests: Counter<'action' | 'outcome'>;
  readonly chatRequestDecisionSeconds: Histogram<'action'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'kubetalk_' });
  // Registration order is the order of /metrics: commands, then the controller, streams, requests.
  const commands = createCommandMetrics(registry);
  const controller = createControllerMetrics(registry);
  const stream = createStreamMetrics(registry);
  const requests = createRequestMetrics(registry);
  return { ...commands, ...controller, ...stream, ...requests, registry };
}

/** Inbound callbacks, commands by action and result, action time, replies. */
function createCommandMetrics(
  registry: Registry,
): Pick<Metrics, 'callbacks' | 'callbacksUnauthorized' | 'commands' | 'actionDuration' | 'replies'> {
  const callbacks = new Counter({
    name: 'kubetalk_callbacks_total',
    help: 'Chat platform callbacks received, by how they were answered.',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const callbacksUnauthorized = new Counter({
    name: 'kubetalk_callbacks_unauthorized_total',
    help: 'Chat platform callbacks answered 401, by reason (every 401 looks the same to the client).',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const commands = new Counter({
    name: 'kubetalk_commands_total',
    help: 'Chat commands handled, by action and result.',
    labelNames: ['action', 'result'] as const,
    registers: [registry],
  });
  const actionDuration = new Histogram({
    name: 'kubetalk_action_duration_seconds',
    help: 'Time from a command being matched to its first outcome (Kubernetes API calls included).',
    labelNames: ['action'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const replies = new Counter({
    name: 'kubetalk_replies_total',
    help: 'Replies to chat, one per reply: ok (first try), retried (delivered after retries), failed, refused.',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  for (const a of [...ACTION_TYPES, ...BUILTINS, 'none']) {
    for (const r of COMMAND_RESULTS) commands.inc({ action: a, result: r }, 0);
  }
  for (const a of ACTION_TYPES) actionDuration.zero({ action: a });
  for (const r of REPLY_RESULTS) replies.inc({ result: r }, 0);
  return { callbacks, callbacksUnauthorized, commands, actionDuration, replies };
}

/** The controller's own state: registry size, informers and watches, leadership, follow-ups. */
function createControllerMetrics(
  registry: Registry,
): Pick<
  Metrics,
  'registryCommands' | 'informerRestarts' | 'informerSynced' | 'watchReopened' | 'leader' | 'followUpsActive'
> {
  const registryCommands = new Gauge({
    name: 'kubetalk_registry_commands',
    help: 'ChatCommands currently known to the registry.',
    registers: [registry],
  });
  const informerRestarts = new Counter({
    name: 'kubetalk_informer_restarts_total',
    help: 'Times the ChatCommand watch was restarted after an error.',
    registers: [registry],
  });
  const informerSynced = new Gauge({
    name: 'kubetalk_informer_synced',
    help: '1 while every informer (ChatCommands, runner ServiceAccounts) has listed and its watch is heard from; 0 while one is hung.',
    registers: [registry],
  });
  const watchReopened = new Counter({
    name: 'kubetalk_watch_reopened_total',
    help: 'Watches re-opened without an error, by reason: silent (nothing heard past the deadline) or deadline (outlived it).',
    labelNames: ['reason'],
    registers: [registry],
  });
  for (const reason of ['silent', 'deadline']) watchReopened.inc({ reason }, 0);
  const leader = new Gauge({
    name: 'kubetalk_leader',
    help: '1 while this replica holds the leader Lease (writes ChatCommand status).',
    registers: [registry],
  });
  const followUpsActive = new Gauge({
    name: 'kubetalk_follow_ups_active',
    help: 'Rollouts being followed now (one poll per workload, shared by everyone who asked).',
    registers: [registry],
  });
  followUpsActive.set(0);
  leader.set(0);
  informerRestarts.inc(0);
  informerSynced.set(0);
  return { registryCommands, informerRestarts, informerSynced, watchReopened, leader, followUpsActive };
}

// Chat platform streams and the conversation sender; their label values are zeroed by the platform.
export const OPENAPI_SEND_RESULTS = ['ok', 'retried', 'failed', 'refused'] as const;
export type OpenApiSendResult = (typeof OPENAPI_SEND_RESULTS)[number];

function createStreamMetrics(
  registry: Registry,
): Pick<
  Metrics,
  | 'streamConnected'
  | 'streamReconnects'
  | 'streamFrames'
  | 'streamAckSeconds'
  | 'openapiSends'
  | 'openapiTokenRefreshes'
> {
  const streamConnected = new Gauge({
    name: 'kubetalk_stream_connected',
    help: '1 while this replica has an open DingTalk Stream connection, else 0.',
    registers: [registry],
  });
  const streamReconnects = new Counter({
    name: 'kubetalk_stream_reconnects_total',
    help: 'Stream reconnects, by why the previous connection ended (auth = credentials refused).',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const streamFrames = new Counter({
    name: 'kubetalk_stream_frames_total',
    help: 'Stream frames received, by kind (message, duplicate, ping, …, malformed).',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const streamAckSeconds = new Histogram({
    name: 'kubetalk_stream_ack_seconds',
    help: 'Time from a robot-message frame arriving to its ACK being written to the socket.',
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1],
    registers: [registry],
  });
  const openapiSends = new Counter({
    name: 'kubetalk_openapi_sends_total',
    help: 'Messages sent through the DingTalk OpenAPI, by kind (group, user) and result.',
    labelNames: ['kind', 'result'] as const,
    registers: [registry],
  });
  const openapiTokenRefreshes = new Counter({
    name: 'kubetalk_openapi_token_refreshes_total',
    help: 'OpenAPI access-token fetches, by result.',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  streamConnected.set(0);
  for (const k of ['group', 'user'])
    for (const r of OPENAPI_SEND_RESULTS) openapiSends.inc({ kind: k, result: r }, 0);
  for (const r of ['ok', 'failed']) openapiTokenRefreshes.inc({ result: r }, 0);
  return {
    streamConnected,
    streamReconnects,
    streamFrames,
    streamAckSeconds,
    openapiSends,
    openapiTokenRefreshes,
  };
}
