// One invocation through the Kubernetes access gate: the sender's identity, then a SubjectAccessReview (cached)
// for the exact permission of the action on its target. A refusal names what is missing and how to check it.
import type { ChatCommand } from '../api/chat-command.ts';
import { actionTypeOf } from '../api/action-names.ts';
import type { Invocation } from '../commands/invocation.ts';
import type { AccessGateOptions, AccessRefusal, GateParts, GateSender } from './access-gate.ts';
import { idsOf } from './access-gate.ts';
import { accessFor, describeAccess, describeCanI } from './access-table.ts';
import { requiresKubernetesAccess } from './action-of-command.ts';
import type { KubernetesIdentity } from './identity-index.ts';
import type { AccessAnswer, AccessQuestion } from './subject-access-review.ts';

/** The identity to review, or the refusal when there is none (not loaded, unmapped, claimed twice). */
export function identityOrRefusal(
  opts: AccessGateOptions,
  cmd: ChatCommand,
  sender: GateSender,
): KubernetesIdentity | AccessRefusal {
  const base = { name: sender.name, trigger: cmd.spec.trigger, namespace: cmd.metadata.namespace };
  if (opts.identitiesEnabled === false)
    return {
      reason: 'not-ready',
      message: { key: 'authz.disabled', params: base },
      detail: 'kubernetes access: ChatIdentities are turned off',
    };
  if (!opts.identitiesReady())
    return {
      reason: 'not-ready',
      message: { key: 'authz.not-ready', params: base },
      detail: 'kubernetes access: ChatIdentities not loaded',
    };
  const who = opts.resolve(idsOf(sender));
  if (who.kind === 'unmapped')
    return {
      reason: 'unmapped',
      message: { key: 'authz.unmapped', params: { ...base, staffId: sender.id || '-' } },
      detail: 'kubernetes access: sender is not mapped by any ChatIdentity',
    };
  if (who.kind === 'conflict')
    return {
      reason: 'conflict',
      message: { key: 'authz.conflict', params: { ...base, mappings: who.mappings.join(', ') } },
      detail: `kubernetes access: sender claimed by several ChatIdentities (${who.mappings.join(', ')})`,
    };
  return who.identity;
}

export async function reviewInvocation(
  g: GateParts,
  inv: Invocation,
  sender: GateSender,
): Promise<AccessRefusal | undefined> {
  const { opts, ask } = g;
  const cmd = inv.command;
  if (!requiresKubernetesAccess(cmd)) return undefined;
  const who = identityOrRefusal(opts, cmd, sender);
  if ('reason' in who) return who;
  const access = accessFor(actionTypeOf(cmd.spec.action), inv.target.kind);
  const name = access.named ? inv.target.name : undefined;
  const q: AccessQuestion = {
    identity: who,
    access,
    namespace: inv.namespace,
    ...(name !== undefined ? { name } : {}),
  };
  const permission = describeAccess(access);
  const target = name ?? '*';
  const params = {
    name: sender.name,
    trigger: cmd.spec.trigger,
    namespace: inv.namespace,
    user: who.user,
    permission,
    target,
    canI: describeCanI(access, { ...q, user: who.user, groups: who.groups }),
  };
  let answer: AccessAnswer;
  try {
    answer = await ask(q);
  } catch (err) {
    opts.log.warn('SubjectAccessReview failed; refusing', {
      user: who.user,
      permission,
      namespace: inv.namespace,
      err,
    });
    return {
      reason: 'unavailable',
      message: { key: 'authz.unavailable', params },
      detail: 'kubernetes access: the API server did not answer the review',
    };
  }
  if (answer.allowed) return undefined;
  return {
    reason: 'denied',
    message: { key: name === undefined ? 'authz.denied.any' : 'authz.denied', params },
    detail: `kubernetes access: ${who.user} may not ${permission} ${target} in ${inv.namespace}`,
  };
}
