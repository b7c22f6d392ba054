// The dispatcher's side of the Kubernetes access gate (src/authz): help filtering and the whoami identity line.
import type { AccessGate, GateSender } from '../authz/access-gate.ts';
import type { AvailableCommand } from '../commands/list-available.ts';
import type { OutboundReply } from '../platforms/types.ts';
import type { Translate } from './render-reply-text.ts';

/** help lists only what the sender's Kubernetes identity may run, when a command asks for it. */
export async function filterByAccess(
  list: readonly AvailableCommand[],
  access: AccessGate | undefined,
  sender: GateSender,
): Promise<AvailableCommand[]> {
  return access ? access.filterAvailable(list, sender) : [...list];
}

/** whoami adds the sender's unionId and the Kubernetes identity a ChatIdentity maps them to. */
export function withIdentity(
  reply: OutboundReply,
  access: AccessGate | undefined,
  sender: GateSender,
  t: Translate,
): OutboundReply {
  return access ? { ...reply, markdown: `${reply.markdown}\n${t(access.describeSender(sender))}` } : reply;
}
