// The dispatcher's side of the Kubernetes access gate (src/authz): the whoami identity line.
import type { AccessGate, GateSender } from '../authz/access-gate.ts';
import type { OutboundReply } from './ports/chat.ts';
import type { Translate } from './render-reply-text.ts';

/** whoami adds the sender's unionId and the Kubernetes identity a ChatIdentity maps them to. */
export function withIdentity(
  reply: OutboundReply,
  access: AccessGate | undefined,
  sender: GateSender,
  t: Translate,
): OutboundReply {
  return access ? { ...reply, markdown: `${reply.markdown}\n${t(access.describeSender(sender))}` } : reply;
}
