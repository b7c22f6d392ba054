// The polite "try again in N s" sentence for each limit that can refuse a command.
import type { UserMessage } from '../../errors.ts';
import type { LimitReason, Refusal } from './command-limits.ts';

export interface RefusalContext {
  readonly name: string;
  /** For cooldowns: the trigger typed and the workload it named. */
  readonly trigger?: string;
  readonly target?: string;
}

const KEYS: Readonly<Record<LimitReason, string>> = {
  user: 'dispatch.limited.user',
  conversation: 'dispatch.limited.conversation',
  concurrency: 'dispatch.limited.concurrency',
  cooldown: 'dispatch.limited.cooldown',
};

export function describeRefusal(refusal: Refusal, ctx: RefusalContext): UserMessage {
  return {
    key: KEYS[refusal.reason],
    params: {
      name: ctx.name,
      seconds: refusal.retryAfterSeconds,
      limit: refusal.limit,
      trigger: ctx.trigger ?? '',
      target: ctx.target ?? '',
    },
  };
}
