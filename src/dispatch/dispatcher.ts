// The per-message pipeline: match → authorize → act → reply → audit. Every outcome, good or bad, gets a reply.
import { randomBytes } from 'node:crypto';
import type { ActionRunner } from '../actions/types.ts';
import { formatCommandRef, type ChatCommand } from '../api/chat-command.ts';
import type { AuditOutcome, EventRecorder } from '../audit/event-recorder.ts';
import type { CommandRegistry } from '../commands/registry.ts';
import { listAvailable } from '../commands/list-available.ts';
import { matchMessage } from '../commands/match-message.ts';
import type { DenyReason } from '../commands/authorize.ts';
import { isUserFacingError, type UserMessage } from '../errors.ts';
import { detectLocale, formatMessage, type Catalog, type Locale } from '../i18n/catalog.ts';
import type { Logger } from '../log/logger.ts';
import type { CommandResult, Metrics } from '../metrics/metrics.ts';
import type { InboundMessage, OutboundReply, ReplySender } from '../platforms/types.ts';
import { createCommandLimits, type LimitSettings, type Refusal } from './limits/command-limits.ts';
import { toCooldownRequest, toRequester } from './limits/limit-keys.ts';
import { describeRefusal } from './limits/refusal-message.ts';
import { renderAmbiguous } from './render-ambiguous.ts';
import { renderHelp, renderWhoami } from './render-builtins.ts';
import type { AccessGate, AccessRefusal } from '../authz/access-gate.ts';
import { withIdentity } from './access-hooks.ts';
import { renderOutcome, renderTextReply, type Translate } from './render-reply-text.ts';
import { toActionRequest } from './to-action-request.ts';
import { checkRunner, type RunnerCheck } from './runner-check.ts';
import { isPreview, previewAction, runFlowStep, type ApprovalFlow } from './approval-hooks.ts';
import type { FlowReply } from '../approvals/approval-flow.ts';

export interface DispatcherDeps {
  readonly registry: CommandRegistry;
  readonly actions: ActionRunner;
  readonly replies: ReplySender;
  readonly audit: EventRecorder;
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly catalog: Catalog;
  readonly defaultLocale: Locale;
  readonly actionTimeoutMs: number;
  /** The uid of the live object, so audit Events attach to the right ChatCommand incarnation. */
  readonly commandUid: (namespace: string, name: string) => string | undefined;
  /** Aborted on shutdown: rollout follow-ups then report "still in progress" instead of holding the process. */
  readonly followUpSignal?: AbortSignal;
  /** Abuse limits of this replica (per sender, per conversation, concurrent actions); none when omitted. */
  readonly limits?: LimitSettings;
  /** Epoch-milliseconds clock of the limits and cooldowns; Date.now by default. */
  readonly now?: () => number;
  /** Refuses, before any API call, to act in a namespace whose runner ServiceAccount is missing or not known yet. */
  readonly runners?: RunnerCheck;
  /** allow.kubernetesAccess: the sender's own Kubernetes identity must be allowed the action (src/authz). */
  readonly access?: AccessGate;
  /** ChatRequests (issue 14); without it, commands with spec.approval are refused, never run unapproved. */
  readonly approvals?: ApprovalFlow;
}

export interface Dispatcher {
  /**
   * Starts handling a verified message; never throws, never rejects. `admit`, when given, runs first and inside
   * the tracked work (so shutdown waits for it): 'skip' drops the message silently, a UserMessage is sent as the
   * reply instead of running anything.
   */
  handle(msg: InboundMessage, admit?: () => Promise<'run' | 'skip' | UserMessage>): void;
  /** Waits for in-flight commands, replies and follow-ups; false when the deadline passed first. */
  drain(timeoutMs: number): Promise<boolean>;
  readonly inFlight: number;
}

interface Turn {
  readonly msg: InboundMessage;
  readonly t: Translate;
  readonly log: Logger;
  readonly ref: string;
}

const MAX_COMMAND_CHARS = 1000;
/** A refused message writes at most this many audit Events, however many namespaces answer to its words. */
const MAX_DENIED_AUDITS = 5;

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const inFlight = new Set<Promise<void>>();
  /** conversation + workload of every follow-up reply still to come. */
  const watching = new Set<string>();
  const limits = deps.limits ? createCommandLimits(deps.limits, deps.now) : undefined;
  const track = (p: Promise<void>): void => {
    inFlight.add(p);
    // The caught copy is what we wait on; a rejection here is a bug, logged rather than left unhandled.
    void p
      .catch((err: unknown) => deps.log.error('unexpected failure in tracked work', { err }))
      .finally(() => inFlight.delete(p));
  };

  async function reply(turn: Turn, out: OutboundReply): Promise<void> {
    const { msg } = turn;
    // The conversation lets a platform post through its API once the reply window has closed.
    const conversation = { id: msg.conversation.id, type: msg.conversation.type, userId: msg.sender.id };
    const result = await deps.replies.send({ ...msg.replyTo, conversation }, out);
    if (result.ok) turn.log.debug('reply delivered', { attempts: result.attempts });
    else turn.log.error('reply not delivered', { attempts: result.attempts, reason: result.reason });
  }

  function audit(turn: Turn, cmd: ChatCommand, outcome: AuditOutcome, result: string): void {
    const { msg } = turn;
    track(
      deps.audit.record({
        command: {
          namespace: cmd.metadata.namespace,
          name: cmd.metadata.name,
          uid: deps.commandUid(cmd.metadata.namespace, cmd.metadata.name) ?? cmd.metadata.uid,
        },
        outcome,
        sender: { id: msg.sender.id, name: msg.sender.name, unionId: msg.sender.unionId },
        conversation: { id: msg.conversation.id, title: msg.conversation.title },
        text: msg.text,
        result,
        messageId: msg.messageId,
      }),
    );
  }

  function count(action: string, result: CommandResult): void {
    deps.metrics.commands.inc({ action, result });
  }

  /** A limit refused: nothing runs and nothing is audited (that is what limits protect); counted and logged. */
  function refuseLimited(
    turn: Turn,
    cmd: ChatCommand,
    action: string,
    refusal: Refusal,
    target?: string,
  ): Promise<void> {
    const { msg, t } = turn;
    count(action, 'limited');
    turn.log.info('command limited', {
      command: formatCommandRef(cmd),
      reason: refusal.reason,
      retryAfterSeconds: refusal.retryAfterSeconds,
      sender: msg.sender.id,
      ...(target !== undefined ? { target } : {}),
    });
    const message = describeRefusal(refusal, {
      name: msg.sender.name,
      trigger: cmd.spec.trigger,
      ...(target !== undefined ? { target } : {}),
    });
    return reply(turn, renderTextReply(t(message), msg.sender.id));
  }

  /** The Kubernetes access gate refused: nothing runs; counted, logged and audited like any denial. */
  function refuseAccess(turn: Turn, cmd: ChatCommand, refusal: AccessRefusal): Promise<void> {
    const action = actionName(cmd);
    const admitted = limits?.admitAttempt(toRequester(turn.msg));
    if (admitted && !admitted.ok) return refuseLimited(turn, cmd, action, admitted);
    count(action, 'denied');
    turn.log.info('command denied', {
      command: formatCommandRef(cmd),
      reason: `kubernetes-access:${refusal.reason}`,
      sender: turn.msg.sender.id,
    });
    audit(turn, cmd, 'Denied', `denied (${refusal.detail})`);
    return reply(turn, renderTextReply(turn.t(refusal.message), turn.msg.sender.id));
  }

  async function runTurn(turn: Turn): Promise<void> {
    const { msg, t } = turn;
    const ctx = {
      sender: { id: msg.sender.id, isAdmin: msg.sender.isAdmin },
      conversationId: msg.conversation.id,
    };
    // No command is longer than a few words: a huge message is refused before the tokenizer spends time on it.
    if (msg.text.length > MAX_COMMAND_CHARS) {
      count('none', 'invalid');
      return reply(
        turn,
        renderTextReply(t({ key: 'dispatch.too-long', params: { max: MAX_COMMAND_CHARS } }), msg.sender.id),
      );
    }
    const match = matchMessage(deps.registry, msg.text, ctx);
    const say = (m: UserMessage): Promise<void> => reply(turn, renderTextReply(t(m), msg.sender.id));
    switch (match.kind) {
      case 'empty':
        count('none', 'invalid');
        return say({ key: 'dispatch.empty', params: { name: msg.sender.name } });
      case 'unknown':
        count('none', 'invalid');
        turn.log.info('unknown command', { text: msg.text.slice(0, 100) });
        return say({ key: 'dispatch.unknown', params: { text: match.text.slice(0, 60) } });
      case 'builtin': {
        count(match.name, 'succeeded');
        if (match.name === 'whoami')
          return reply(turn, withIdentity(renderWhoami(msg, t), deps.access, msg.sender, t));
        const available = listAvailable(deps.registry, ctx);
        const shown = deps.access ? await deps.access.filterAvailable(available, msg.sender) : available;
        return reply(turn, renderHelp(shown, t, msg.sender.id));
      }
      case 'ambiguous':
        count('none', 'invalid');
        return reply(turn, renderTextReply(renderAmbiguous(match, t), msg.sender.id));
      case 'decision': {
        // A flood of decisions is bounded like any other attempt (each one reads and may write the cluster).
        const admitted = limits?.admitAttempt(toRequester(msg));
        if (admitted && !admitted.ok)
          return say(describeRefusal(admitted, { name: msg.sender.name, trigger: match.decision }));
        const flow = deps.approvals;
        if (!flow)
          return say({
            key: 'approval.refused.unknown-code',
            params: { name: msg.sender.name, code: match.code ?? '' },
          });
        const out = await runFlowStep(
          () => flow.decide(msg, match.decision, match.code, t),
          msg,
          t,
          turn.log,
        );
        return sendFlow(turn, out);
      }
      case 'conflict':
        count(actionName(match.commands[0]), 'invalid');
        return say({
          key: 'dispatch.conflict',
          params: {
            trigger: match.commands[0]?.spec.trigger ?? '',
            namespace: match.commands[0]?.metadata.namespace ?? '',
            names: match.commands.map((c) => c.metadata.name).join(', '),
          },
        });
      case 'denied': {
        const [first] = match.commands;
        const action = actionName(first);
        // Denied and invalid attempts write an audit Event, so they use the sender's budget too.
        const admitted = limits?.admitAttempt(toRequester(msg));
        if (admitted && !admitted.ok && first) return refuseLimited(turn, first, action, admitted);
        count(action, 'denied');
        turn.log.info('command denied', {
          commands: match.commands.map(formatCommandRef),
          reason: match.reason,
          sender: msg.sender.id,
        });
        // Each namespace's owner sees the attempt on their own command; the reply names none of them.
        for (const c of match.commands.slice(0, MAX_DENIED_AUDITS))
          audit(turn, c, 'Denied', `denied (${match.reason})`);
        return say({
          key: DENIED_KEYS[match.reason],
          params: { name: msg.sender.name, trigger: match.trigger },
        });
      }
      case 'invalid': {
        const admitted = limits?.admitAttempt(toRequester(msg));
        if (admitted && !admitted.ok)
          return refuseLimited(turn, match.command, actionName(match.command), admitted);
        count(actionName(match.command), 'invalid');
        audit(turn, match.command, 'Invalid', `invalid: ${t(match.error.userMessage)}`);
        return say(match.error.userMessage);
      }
      case 'ok': {
        // issue 17: the sender's own Kubernetes identity must be allowed too (after allow, before the runner).
        // Without a gate nothing is awaited, so the limits see the message in the tick it arrived.
        const refusal = deps.access ? await deps.access.review(match.invocation, msg.sender) : undefined;
        if (refusal) return refuseAccess(turn, match.invocation.command, refusal);
        return runAction(turn, match.invocation);
      }
    }
  }

  async function runAction(turn: Turn, inv: Parameters<typeof toActionRequest>[0]): Promise<void> {
    const { msg, t } = turn;
    const request = toActionRequest(inv);
    const noRunner =
      deps.runners &&
      checkRunner(deps.runners, inv.namespace, { name: msg.sender.name, trigger: inv.command.spec.trigger });
    if (noRunner) {
      count(request.type, 'denied');
      turn.log.warn('command refused: no runner', {
        command: formatCommandRef(inv.command),
        reason: noRunner.reason,
      });
      audit(turn, inv.command, 'Denied', `denied (${noRunner.reason})`);
      return reply(turn, renderTextReply(t(noRunner.message), msg.sender.id));
    }
    // issue 14: a preview changes nothing; a command with spec.approval opens a ChatRequest instead of running.
    if (isPreview(inv)) {
      count(request.type, 'succeeded');
      return reply(turn, await previewAction(deps.actions, inv, msg, t, deps.actionTimeoutMs));
    }
    if (inv.command.spec.approval) {
      const admitted = limits?.admitAttempt(toRequester(msg));
      if (admitted && !admitted.ok) return refuseLimited(turn, inv.command, request.type, admitted);
      const flow = deps.approvals;
      const out = flow
        ? await runFlowStep(() => flow.open(msg, inv, t), msg, t, turn.log)
        : {
            replies: [
              renderTextReply(
                t({ key: 'approval.unavailable', params: { name: msg.sender.name } }),
                msg.sender.id,
              ),
            ],
          };
      return sendFlow(turn, out);
    }
    const permit = limits?.admitAction(toRequester(msg), toCooldownRequest(inv));
    if (permit && !permit.ok) {
      const target = `${inv.target.kind.toLowerCase()}/${inv.target.name}`;
      return refuseLimited(turn, inv.command, request.type, permit, target);
    }
    const started = performance.now();
    const log = turn.log.child({
      command: formatCommandRef(inv.command),
      action: request.type,
      target: `${inv.target.kind}/${inv.target.name}`,
    });
    let outcome;
    try {
      outcome = await deps.actions.run(request, {
        target: { kind: inv.target.kind, namespace: inv.namespace, name: inv.target.name },
        ...(inv.command.spec.targets.selector ? { selector: inv.command.spec.targets.selector } : {}),
        signal: AbortSignal.timeout(deps.actionTimeoutMs),
        ...(deps.followUpSignal ? { followUpSignal: deps.followUpSignal } : {}),
        requester: { id: msg.sender.id, name: msg.sender.name },
      });
    } catch (err) {
      permit?.finish(false);
      deps.metrics.actionDuration.observe({ action: request.type }, (performance.now() - started) / 1000);
      count(request.type, isUserFacingError(err) ? 'failed' : 'error');
      audit(
        turn,
        inv.command,
        'Failed',
        isUserFacingError(err) ? t(err.userMessage) : `internal error (ref ${turn.ref})`,
      );
      throw err;
    }
    permit?.finish(outcome.ok);
    deps.metrics.actionDuration.observe({ action: request.type }, (performance.now() - started) / 1000);
    count(request.type, outcome.ok ? 'succeeded' : 'failed');
    log.info('command ran', {
      ok: outcome.ok,
      sender: msg.sender.id,
      conversation: msg.conversation.id,
      summary: t(outcome.summary),
    });
    audit(turn, inv.command, outcome.ok ? 'Succeeded' : 'Failed', t(outcome.summary));
    const target = `${inv.target.kind.toLowerCase()}/${inv.target.name}`;
    const watchKey = outcome.followUp
      ? `${msg.conversation.id}\n${outcome.followUpKey ?? target}`
      : undefined;
    // One follow-up reply per workload and conversation: asking again while it is watched gets a note instead.
    if (watchKey !== undefined && watching.has(watchKey)) {
      const note = t({ key: 'dispatch.follow-up.already-watching', params: { target } });
      const first = renderOutcome(outcome, t, msg.sender.id);
      return reply(turn, { ...first, markdown: `${first.markdown}\n\n${note}` });
    }
    // Marked before the first reply is awaited, so a second request meanwhile sees it.
    if (watchKey !== undefined) watching.add(watchKey);
    await reply(turn, renderOutcome(outcome, t, msg.sender.id));
    if (outcome.followUp && watchKey !== undefined) {
      track(
        outcome.followUp
          .then(async (next) => {
            log.info('follow-up', { ok: next.ok, summary: t(next.summary) });
            await reply(
              turn,
              renderOutcome(next, t, msg.sender.id, t({ key: 'dispatch.follow-up', params: { target } })),
            );
          })
          .finally(() => watching.delete(watchKey)),
      );
    }
  }

  /** Sends a ChatRequest step's replies in order, and its follow-up when it comes (tracked for shutdown). */
  async function sendFlow(turn: Turn, out: FlowReply): Promise<void> {
    for (const r of out.replies) await reply(turn, r);
    const later = out.followUp;
    if (later) track(later.then((r) => reply(turn, r)));
  }

  return {
    handle(msg, admit) {
      const ref = randomBytes(4).toString('hex');
      const locale = detectLocale(msg.text, deps.defaultLocale);
      const t: Translate = (m) => formatMessage(deps.catalog, locale, m);
      const turn: Turn = {
        msg,
        t,
        ref,
        log: deps.log.child({ msgId: msg.messageId, ref, conversation: msg.conversation.id }),
      };
      const admitted = async (): Promise<void> => {
        const verdict = admit ? await admit() : 'run';
        if (verdict === 'skip') return;
        if (verdict === 'run') return runTurn(turn);
        await reply(turn, renderTextReply(t(verdict), msg.sender.id));
      };
      const p = admitted().catch(async (err: unknown) => {
        if (isUserFacingError(err)) {
          turn.log.info('command refused', { key: err.userMessage.key });
          await reply(turn, renderTextReply(t(err.userMessage), msg.sender.id));
          return;
        }
        turn.log.error('internal error', { err });
        await reply(
          turn,
          renderTextReply(t({ key: 'dispatch.internal-error', params: { ref } }), msg.sender.id),
        ).catch(() => undefined);
      });
      track(p.catch((err: unknown) => turn.log.error('reply path failed', { err })));
    },
    async drain(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (inFlight.size > 0) {
        const left = deadline - Date.now();
        if (left <= 0) return false;
        await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, left))]);
      }
      return true;
    },
    get inFlight() {
      return inFlight.size;
    },
  };
}

const DENIED_KEYS: Readonly<Record<DenyReason, string>> = {
  conversation: 'dispatch.denied',
  user: 'dispatch.denied',
  admin: 'dispatch.denied.admin',
  'no-sender-id': 'dispatch.denied.no-sender-id',
};

function actionName(cmd: ChatCommand | undefined): string {
  if (!cmd) return 'none';
  const a = cmd.spec.action;
  if (a.scale) return 'scale';
  if (a.logs) return 'logs';
  if (a.diagnose) return 'diagnose';
  // Day-2 actions: the same names as their ActionRequest types (metrics ACTION_TYPES).
  if (a.job || a.pods || a.events || a.webhook)
    return a.job ? 'job' : a.pods ? 'pods' : a.events ? 'events' : 'webhook';
  if (a.cronjob) return `cronjob-${a.cronjob.operation}`;
  const op = a.rollout?.operation;
  return op ?? 'none';
}
