// Says why a valid command can never run because its allow block grants nobody (status reason NobodyAllowed).
import type { Allow } from './chat-command.ts';

/** A sentence for the Ready condition's message, or undefined when someone somewhere may run the command. */
export function explainUnreachable(allow: Allow): string | undefined {
  const reasons: string[] = [];
  if (!allow.conversations || allow.conversations.length === 0) {
    reasons.push('allow.conversations is empty, so no conversation may use it (use "*" for any)');
  }
  if (!allow.users || allow.users.length === 0) {
    reasons.push(
      allow.admins
        ? 'allow.users is empty, so nobody may run it (admins: true narrows users; use users: ["*"] for any group admin)'
        : 'allow.users is empty, so nobody may run it (use "*" for anyone in an allowed conversation)',
    );
  }
  return reasons.length === 0 ? undefined : `This command can never run: ${reasons.join('; ')}.`;
}
