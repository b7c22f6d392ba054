// The abuse limits of one replica: per-sender and per-conversation rates, a concurrency cap, and cooldowns.
import { createConcurrencyGate } from './concurrency-gate.ts';
import { createCooldownBook } from './cooldown-book.ts';
import { createRollingCounter } from './rolling-counter.ts';

export interface LimitSettings {
  /** Commands one sender may start per rolling minute (0 = unlimited). */
  readonly userPerMinute: number;
  /** Commands one conversation may start per rolling minute (0 = unlimited). */
  readonly conversationPerMinute: number;
  /** Actions running at once in this process. */
  readonly maxConcurrentActions: number;
}

/** Who is asking; the keys are opaque strings built by the caller. */
export interface Requester {
  readonly senderKey: string;
  readonly conversationKey: string;
}

/** A ChatCommand's cooldown for one target workload. */
export interface CooldownRequest {
  readonly key: string;
  readonly seconds: number;
}

export type LimitReason = 'user' | 'conversation' | 'concurrency' | 'cooldown';

export interface Refusal {
  readonly ok: false;
  /** The limit with the longest wait, so that "try again in N s" holds for every limit that refused. */
  readonly reason: LimitReason;
  readonly retryAfterSeconds: number;
  /** The number the refusing limit allows (per minute, at once, or seconds of cooldown). */
  readonly limit: number;
}

export interface Permit {
  readonly ok: true;
  /**
   * Call once the action has its first outcome: frees the concurrency slot and, when the action failed,
   * lifts the cooldown it started so a failed attempt can be retried at once.
   */
  finish(succeeded: boolean): void;
}

export interface CommandLimits {
  /** For a message that names a ChatCommand but runs nothing (denied, invalid): the rate limits only. */
  admitAttempt(who: Requester): Refusal | { readonly ok: true };
  /** For a command about to run an action: rates, the concurrency cap, then the command's cooldown. */
  admitAction(who: Requester, cooldown?: CooldownRequest): Refusal | Permit;
}

const MINUTE_MS = 60_000;
/**
 * How long to suggest waiting when every action slot is busy. Actions are bounded by the action timeout but
 * usually take well under a second, so a short hint is honest more often than the worst case would be.
 */
export const CONCURRENCY_RETRY_SECONDS = 5;

export function createCommandLimits(settings: LimitSettings, now: () => number = Date.now): CommandLimits {
  const users = createRollingCounter({ limit: settings.userPerMinute, windowMs: MINUTE_MS, now });
  const conversations = createRollingCounter({
    limit: settings.conversationPerMinute,
    windowMs: MINUTE_MS,
    now,
  });
  const gate = createConcurrencyGate(settings.maxConcurrentActions);
  const cooldowns = createCooldownBook({ now });

  type Wait = { readonly reason: LimitReason; readonly ms: number; readonly limit: number };
  const rateWaits = (who: Requester): Wait[] => [
    { reason: 'user', ms: users.waitMs(who.senderKey), limit: settings.userPerMinute },
    {
      reason: 'conversation',
      ms: conversations.waitMs(who.conversationKey),
      limit: settings.conversationPerMinute,
    },
  ];
  const refusal = (waits: readonly Wait[]): Refusal | undefined => {
    let worst: Wait | undefined;
    for (const w of waits) if (w.ms > 0 && (worst === undefined || w.ms > worst.ms)) worst = w;
    if (worst === undefined) return undefined;
    return {
      ok: false,
      reason: worst.reason,
      retryAfterSeconds: Math.max(1, Math.ceil(worst.ms / 1000)),
      limit: worst.limit,
    };
  };
  const recordRates = (who: Requester): void => {
    users.record(who.senderKey);
    conversations.record(who.conversationKey);
  };

  return {
    admitAttempt(who) {
      const refused = refusal(rateWaits(who));
      if (refused) return refused;
      recordRates(who);
      return { ok: true };
    },
    admitAction(who, cooldown) {
      // Entering first and leaving on refusal keeps the check and the claim of a slot one step.
      const release = gate.tryEnter();
      const refused = refusal([
        ...rateWaits(who),
        {
          reason: 'concurrency',
          ms: release === undefined ? CONCURRENCY_RETRY_SECONDS * 1000 : 0,
          limit: settings.maxConcurrentActions,
        },
        ...(cooldown && cooldown.seconds > 0
          ? [{ reason: 'cooldown' as const, ms: cooldowns.waitMs(cooldown.key), limit: cooldown.seconds }]
          : []),
      ]);
      if (refused || release === undefined) {
        release?.();
        // refusal() is undefined only when every wait is 0, which a missing slot rules out.
        return refused ?? { ok: false, reason: 'concurrency', retryAfterSeconds: 1, limit: gate.max };
      }
      // Nothing is counted until every limit agreed, so a refusal never uses up anyone's budget.
      recordRates(who);
      const lift =
        cooldown && cooldown.seconds > 0 ? cooldowns.start(cooldown.key, cooldown.seconds * 1000) : undefined;
      return {
        ok: true,
        finish(succeeded) {
          release();
          if (!succeeded) lift?.();
        },
      };
    },
  };
}
