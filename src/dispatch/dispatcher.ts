// The per-message pipeline: match → authorize → act → reply → audit. Every outcome, good or bad, gets a reply.
// The steps live in their own files: run-turn (matching), refusals, run-action, follow-up-reply.
import { randomUUID } from 'node:crypto';
import { isUserFacingError } from '../errors.ts';
import { detectLocale, formatMessage } from '../i18n/catalog.ts';
import type { DispatcherDeps } from './dispatcher-deps.ts';
import { createInFlight } from './in-flight.ts';
import { createCommandLimits } from './limits/command-limits.ts';
import type { InboundMessage } from './ports/chat.ts';
import type { AdmitVerdict, MessageHandler } from './ports/message-handler.ts';
import type { Translate } from './render-reply-text.ts';
import { runTurn } from './run-turn.ts';
import { say, type DispatchKit, type Turn } from './turn.ts';

export interface Dispatcher extends MessageHandler {
  /** Waits for in-flight commands, replies and follow-ups; false when the deadline passed first. */
  drain(timeoutMs: number): Promise<boolean>;
  readonly inFlight: number;
}

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const kit: DispatchKit = {
    deps,
    limits: deps.limits ? createCommandLimits(deps.limits, deps.now) : undefined,
    inFlight: createInFlight(deps.log),
    watching: new Set(),
  };
  return {
    handle(msg, admit) {
      const turn = startTurn(deps, msg);
      kit.inFlight.track(
        answer(kit, turn, admit).catch((err: unknown) => turn.log.error('reply path failed', { err })),
      );
    },
    drain: (timeoutMs) => kit.inFlight.drain(timeoutMs),
    get inFlight() {
      return kit.inFlight.size;
    },
  };
}

function startTurn(deps: DispatcherDeps, msg: InboundMessage): Turn {
  // A log-search handle, not a secret: randomUUID draws from a cached entropy pool, randomBytes(4) made a call into
  // OpenSSL per message (~2 % of a verified callback's CPU at full load).
  const ref = randomUUID().slice(0, 8);
  const locale = detectLocale(msg.text, deps.defaultLocale);
  const t: Translate = (m) => formatMessage(deps.catalog, locale, m);
  return {
    msg,
    t,
    ref,
    log: deps.log.child({ msgId: msg.messageId, ref, conversation: msg.conversation.id }),
  };
}

/** Admission first (inside the tracked work, so shutdown waits for it), then the turn; a failure still answers. */
async function answer(kit: DispatchKit, turn: Turn, admit?: () => Promise<AdmitVerdict>): Promise<void> {
  try {
    const verdict = admit ? await admit() : 'run';
    if (verdict === 'skip') return;
    if (verdict === 'run') return await runTurn(kit, turn);
    await say(kit, turn, verdict);
  } catch (err) {
    if (isUserFacingError(err)) {
      turn.log.info('command refused', { key: err.userMessage.key });
      await say(kit, turn, err.userMessage);
      return;
    }
    turn.log.error('internal error', { err });
    await say(kit, turn, { key: 'dispatch.internal-error', params: { ref: turn.ref } }).catch(
      () => undefined,
    );
  }
}
