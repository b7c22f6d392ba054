// Builds the ChatRequest parts (store, flow, sweep) from the configuration and starts the periodic sweep.
import type { KubeConfig } from '@kubernetes/client-node';
import type { ActionRunner } from '../actions/types.ts';
import { createApprovalFlow, type ApprovalFlow } from '../approvals/approval-flow.ts';
import { createKubeRequestStore } from '../approvals/request-store.ts';
import { createRequestSweep } from '../approvals/request-sweep.ts';
import { createSessionBook } from '../approvals/session-book.ts';
import type { AuditSink } from '../dispatch/ports/audit-sink.ts';
import { matchMessage } from '../commands/match-message.ts';
import type { CommandRegistry } from '../commands/registry.ts';
import type { Config } from '../config/schema.ts';
import { detectLocale, type Catalog } from '../i18n/catalog.ts';
import type { Logger } from '../log/logger.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { ReplySender } from '../dispatch/ports/chat.ts';

export interface ApprovalsDeps {
  readonly kc: KubeConfig;
  readonly config: Config;
  readonly registry: CommandRegistry;
  readonly actions: ActionRunner;
  readonly replies: ReplySender;
  readonly audit: AuditSink;
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly catalog: Catalog;
  readonly identity: string;
  readonly commandUid: (namespace: string, name: string) => string | undefined;
  /** Aborted on shutdown: the sweep stops. */
  readonly stopSignal?: AbortSignal;
}

/** A sweep that runs past its interval would overlap the next one: at most one at a time per replica. */
export function startApprovals(deps: ApprovalsDeps): { readonly flow: ApprovalFlow; stop(): void } {
  const { config } = deps;
  const log = deps.log.child({ component: 'approvals' });
  const store = createKubeRequestStore({ kc: deps.kc, namespaces: config.namespaces });
  const sessions = createSessionBook();
  const metrics = {
    requests: deps.metrics.chatRequests,
    decisionSeconds: deps.metrics.chatRequestDecisionSeconds,
  };
  const findCommand = (ns: string, name: string) => deps.registry.get(ns, name);
  const flow = createApprovalFlow({
    store,
    actions: deps.actions,
    findCommand,
    match: (text, sender, conversationId) => matchMessage(deps.registry, text, { sender, conversationId }),
    caps: {
      perCommand: config.approvals.maxPendingPerCommand,
      perSender: config.approvals.maxPendingPerSender,
    },
    metrics,
    log,
    actionTimeoutMs: config.actionTimeoutMs,
    identity: deps.identity,
    sessions,
    onRun: (req, cmd, ok, result) =>
      void deps.audit
        .record({
          command: {
            namespace: cmd.metadata.namespace,
            name: cmd.metadata.name,
            uid: deps.commandUid(cmd.metadata.namespace, cmd.metadata.name) ?? cmd.metadata.uid,
          },
          outcome: ok ? 'Succeeded' : 'Failed',
          sender: { id: req.spec.requester.id, name: req.spec.requester.name },
          conversation: { id: req.spec.conversation.id, title: req.spec.conversation.title },
          text: req.spec.text,
          result: `${req.metadata.name} approved by ${(req.status.approvals ?? []).map((a) => a.name).join(', ')}: ${result}`,
          messageId: req.metadata.name,
        })
        .catch((err: unknown) => log.warn('audit Event not written', { err })),
  });
  const sweep = createRequestSweep({
    store,
    replies: deps.replies,
    sessions,
    metrics,
    log,
    catalog: deps.catalog,
    locale: (req) => detectLocale(req.spec.text, config.locale),
    policyOf: (req) => findCommand(req.metadata.namespace, req.spec.command.name)?.spec.approval,
    ttlMs: config.approvals.ttlMs,
    abandonAfterMs: config.actionTimeoutMs * 2 + 60_000,
  });
  let running = false;
  const sweepOnce = (): void => {
    if (running) return;
    running = true;
    sweep
      .sweep()
      .then(
        (r) => (r.expired + r.abandoned + r.deleted > 0 ? log.info('requests swept', { ...r }) : undefined),
        (err: unknown) => log.warn('cannot sweep ChatRequests', { err }),
      )
      .finally(() => {
        running = false;
      });
  };
  // Loaded on first need (lazy-approvals.ts): sweep at once what expired while no part of this replica watched.
  sweepOnce();
  const timer = setInterval(sweepOnce, config.approvals.sweepIntervalMs);
  timer.unref();
  deps.stopSignal?.addEventListener('abort', () => clearInterval(timer), { once: true });
  return { flow, stop: () => clearInterval(timer) };
}
