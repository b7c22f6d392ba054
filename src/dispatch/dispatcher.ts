// The per-message pipeline: match → authorize → act → reply → audit. Every outcome, good or bad, gets a reply.
import { randomBytes } from 'node:crypto';
import type { ActionRunner } from '../actions/types.ts';
import { formatCommandRef, type ChatCommand } from '../api/chat-command.ts';
import type { AuditOutcome, EventRecorder } from '../audit/event-recorder.ts';
import type { CommandRegistry } from '../commands/registry.ts';
import { listAvailable } from '../commands/list-available.ts';
import { matchMessage, type MatchResult } from '../commands/match-message.ts';
import type { DenyReason } from '../commands/authorize.ts';
import { isUserFacingError, type UserMessage } from '../errors.ts';
import { detectLocale, formatMessage, type Catalog, type Locale } from '../i18n/catalog.ts';
import type { Logger } from '../log/logger.ts';
import type { CommandResult, Metrics } from '../metrics/metrics.ts';
import type { InboundMessage, OutboundReply, ReplySender } from '../platforms/types.ts';
import { createCommandLimits, type LimitSettings, type Refusal } from './limits/command-limits.ts';
import { toCooldownRequest, toRequester } from './limits/limit-keys.ts';
import { describeRefusal } from './limits/refusal-message.ts';
import { renderHelp, renderWhoami } from './render-builtins.ts';
import { renderOutcome, renderTextReply, type Translate } from './render-reply-text.ts';
import { toActionRequest } from './to-action-request.ts';

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

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const inFlight = new Set<Promise<void>>();
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
        sender: { id: msg.sender.id, name: msg.sender.name },
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
      case 'builtin':
        count(match.name, 'succeeded');
        if (match.name === 'whoami') return reply(turn, renderWhoami(msg, t));
        return reply(turn, renderHelp(listAvailable(deps.registry, ctx), t, msg.sender.id));
      case 'ambiguous':
        count('none', 'invalid');
        return reply(turn, renderTextReply(renderAmbiguous(match, t), msg.sender.id));
      case 'denied': {
        const action = actionName(match.command);
        // Denied and invalid attempts write an audit Event, so they use the sender's budget too.
        const admitted = limits?.admitAttempt(toRequester(msg));
        if (admitted && !admitted.ok) return refuseLimited(turn, match.command, action, admitted);
        count(action, 'denied');
        turn.log.info('command denied', {
          command: formatCommandRef(match.command),
          reason: match.reason,
          sender: msg.sender.id,
        });
        audit(turn, match.command, 'Denied', `denied (${match.reason})`);
        return say({
          key: DENIED_KEYS[match.reason],
          params: {
            name: msg.sender.name,
            trigger: match.command.spec.trigger,
            namespace: match.command.metadata.namespace,
          },
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
      case 'ok':
        return runAction(turn, match.invocation);
    }
  }

  async function runAction(turn: Turn, inv: Parameters<typeof toActionRequest>[0]): Promise<void> {
    const { msg, t } = turn;
    const request = toActionRequest(inv);
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
    await reply(turn, renderOutcome(outcome, t, msg.sender.id));
    if (outcome.followUp) {
      const target = `${inv.target.kind.toLowerCase()}/${inv.target.name}`;
      track(
        outcome.followUp.then(async (next) => {
          log.info('follow-up', { ok: next.ok, summary: t(next.summary) });
          await reply(
            turn,
            renderOutcome(next, t, msg.sender.id, t({ key: 'dispatch.follow-up', params: { target } })),
          );
        }),
      );
    }
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

/** Lists the candidates with the `-n` that selects each; never guesses between them. */
function renderAmbiguous(match: Extract<MatchResult, { kind: 'ambiguous' }>, t: Translate): string {
  const trigger = match.candidates[0]?.spec.trigger ?? '';
  const head = match.requestedNamespace
    ? t({ key: 'dispatch.ambiguous.namespace', params: { trigger, namespace: match.requestedNamespace } })
    : t({ key: 'dispatch.ambiguous', params: { trigger } });
  const byNamespace = new Map<string, ChatCommand[]>();
  for (const c of match.candidates)
    byNamespace.set(c.metadata.namespace, [...(byNamespace.get(c.metadata.namespace) ?? []), c]);
  const lines = [...byNamespace].map(([ns, cmds]) => {
    const first = cmds[0];
    const line = `- **-n ${ns}**: ${first?.spec.description ?? first?.spec.trigger ?? ''}`;
    if (cmds.length === 1) return line;
    const names = cmds.map((c) => c.metadata.name).join(', ');
    return `${line} ${t({ key: 'dispatch.ambiguous.same-namespace', params: { namespace: ns, names } })}`;
  });
  return `${head}\n\n${lines.join('\n')}`;
}

function actionName(cmd: ChatCommand): string {
  const a = cmd.spec.action;
  if (a.scale) return 'scale';
  if (a.logs) return 'logs';
  const op = a.rollout?.operation;
  return op ?? 'none';
}
