// Whether a ChatCommand asks the cluster about the sender's own Kubernetes identity (allow.kubernetesAccess).
import type { ChatCommand } from '../api/chat-command.ts';

/** True when the command asks the cluster whether the sender's own Kubernetes identity may do the action. */
export function requiresKubernetesAccess(command: ChatCommand): boolean {
  return command.spec.allow.kubernetesAccess === true;
}
