// An in-process dispatcher with recording fakes around it: runner, reply sender, audit, logs and metrics.
import type {
  ActionContext,
  ActionOutcome,
  ActionRequest,
  ActionRunner,
} from '../../../../src/actions/types.ts';
import { actionMessages } from '../../../../src/actions/messages.ts';
import type { ChatCommand } from '../../../../src/api/chat-command.ts';
import type { AuditRecord, AuditSink } from '../../../../src/dispatch/ports/audit-sink.ts';
import { commandMessages } from '../../../../src/commands/messages.ts';
import { CommandRegistry } from '../../../../src/commands/registry.ts';
import type { LimitSettings } from '../../../../src/dispatch/limits/command-limits.ts';
import { createDispatcher, type Dispatcher } from '../../../../src/dispatch/dispatcher.ts';
import { dispatchMessages } from '../../../../src/dispatch/messages.ts';
import { mergeCatalogs } from '../../../../src/i18n/catalog.ts';
import { createLogger } from '../../../../src/log/logger.ts';
import { createMetrics, type Metrics } from '../../../../src/metrics/metrics.ts';
import type { InboundMessage, OutboundReply, ReplySender } from '../../../../src/dispatch/ports/chat.ts';

export const catalog = mergeCatalogs(dispatchMessages, commandMessages, actionMessages);

export interface RecordedRun {
  readonly request: ActionRequest;
  readonly context: ActionContext;
}

export interface DispatchRig {
  readonly dispatcher: Dispatcher;
  readonly runs: RecordedRun[];
  readonly replies: OutboundReply[];
  readonly audits: AuditRecord[];
  readonly logs: Array<Record<string, unknown>>;
  readonly metrics: Metrics;
  /** The value of kubetalk_commands_total for one label pair. */
  commandCount(action: string, result: string): Promise<number>;
}

export interface DispatchRigOptions {
  readonly commands: readonly ChatCommand[];
  readonly run?: (request: ActionRequest) => Promise<ActionOutcome>;
  readonly limits?: LimitSettings;
  readonly now?: () => number;
}

export const OK_OUTCOME: ActionOutcome = { ok: true, summary: { key: 'dispatch.result.ok' } };

export function createDispatchRig(options: DispatchRigOptions): DispatchRig {
  const registry = new CommandRegistry();
  for (const c of options.commands) registry.upsert(c);
  const runs: RecordedRun[] = [];
  const replies: OutboundReply[] = [];
  const audits: AuditRecord[] = [];
  const logs: Array<Record<string, unknown>> = [];
  const run = options.run ?? (() => Promise.resolve(OK_OUTCOME));
  const actions: ActionRunner = {
    run: (request, context) => {
      runs.push({ request, context });
      return run(request);
    },
  };
  const sender: ReplySender = {
    send: (_target, reply) => {
      replies.push(reply);
      return Promise.resolve({ ok: true, attempts: 1 });
    },
  };
  const audit: AuditSink = {
    record: (r) => {
      audits.push(r);
      return Promise.resolve();
    },
  };
  const metrics = createMetrics();
  const dispatcher = createDispatcher({
    registry,
    actions,
    replies: sender,
    audit,
    metrics,
    log: createLogger({
      level: 'debug',
      write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>),
    }),
    catalog,
    defaultLocale: 'en',
    actionTimeoutMs: 1000,
    commandUid: () => 'uid-1',
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    dispatcher,
    runs,
    replies,
    audits,
    logs,
    metrics,
    async commandCount(action, result) {
      const json = await metrics.commands.get();
      const v = json.values.find((x) => x.labels['action'] === action && x.labels['result'] === result);
      return v?.value ?? 0;
    },
  };
}

let seq = 0;

export function chatMessage(
  text: string,
  sender: Partial<InboundMessage['sender']> = {},
  conversationId = 'cidGROUP',
): InboundMessage {
  seq += 1;
  return {
    platform: 'dingtalk',
    messageId: `msg-${seq}`,
    text,
    sender: { id: 'alice01', name: 'Alice', isAdmin: false, ...sender },
    conversation: { id: conversationId, type: 'group', title: 'Ops' },
    createdAt: 0,
    replyTo: {
      url: 'https://oapi.dingtalk.com/robot/sendBySession?session=x',
      expiresAt: Date.now() + 3_600_000,
    },
  };
}
