// The Kubernetes access gate: for ChatCommands with allow.kubernetesAccess, the sender must map to a Kubernetes
// identity (ChatIdentity) and a SubjectAccessReview for it must allow the action's exact permission. It runs after
// the allow list and before the runner; a refusal means nothing runs.
import type { ChatCommand } from '../api/chat-command.ts';
import type { AvailableCommand } from '../commands/list-available.ts';
import type { Invocation } from '../commands/invocation.ts';
import type { UserMessage } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import { accessFor, describeAccess, describeCanI, type ResourceAccess } from './access-table.ts';
import { actionTypeOf } from '../api/action-names.ts';
import { requiresKubernetesAccess } from './action-of-command.ts';
import type { ChatSenderIds, IdentityResolution, KubernetesIdentity } from './identity-index.ts';
import { createReviewCache, type ReviewCache } from './review-cache.ts';
import {
  questionKey,
  type AccessAnswer,
  type AccessQuestion,
  type AccessReviewer,
} from './subject-access-review.ts';

export interface GateSender {
  /** senderStaffId; empty when the platform gave none. */
  readonly id: string;
  readonly unionId?: string;
  readonly name: string;
}

export type RefusalReason = 'unmapped' | 'conflict' | 'denied' | 'unavailable' | 'not-ready';

export interface AccessRefusal {
  readonly reason: RefusalReason;
  readonly message: UserMessage;
  /** One line for the audit Event and the log, e.g. `kubernetes access: alice may not patch deployments.apps/scale web`. */
  readonly detail: string;
}

export interface AccessGate {
  /** undefined: the command may run (or does not ask for Kubernetes access); otherwise why not. */
  review(inv: Invocation, sender: GateSender): Promise<AccessRefusal | undefined>;
  /** help: drops the commands this sender's Kubernetes identity may not run (bounded reviews, cached). */
  filterAvailable(list: readonly AvailableCommand[], sender: GateSender): Promise<AvailableCommand[]>;
  /** whoami: the Kubernetes identity this sender maps to. */
  describeSender(sender: GateSender): UserMessage;
  /** The Kubernetes username for audit Events; undefined when unmapped or in conflict. */
  kubernetesUserOf(sender: Pick<GateSender, 'id' | 'unionId'>): string | undefined;
}

export interface AccessGateOptions {
  /** Resolves chat ids to a Kubernetes identity (the ChatIdentity index). */
  readonly resolve: (ids: ChatSenderIds) => IdentityResolution;
  /** False until the ChatIdentities were listed once (or when the feature is off). */
  readonly identitiesReady: () => boolean;
  /** False when this kubetalk does not watch ChatIdentities at all (KUBETALK_CHAT_IDENTITIES=false). */
  readonly identitiesEnabled?: boolean;
  readonly reviewer: AccessReviewer;
  readonly lookupCommand: (namespace: string, name: string) => ChatCommand | undefined;
  readonly cacheTtlMs: number;
  readonly cacheMaxEntries: number;
  /** Reviews one `help` may start (cache hits are free); commands it cannot check in that budget are hidden. */
  readonly helpReviewBudget?: number;
  readonly log: Logger;
  readonly now?: () => number;
}

/** Target names tried for `help` per command: one allowed name is enough to list the command. */
const HELP_NAMES_PER_COMMAND = 4;
const HELP_CONCURRENCY = 4;

export function createAccessGate(opts: AccessGateOptions): AccessGate {
  const cache: ReviewCache<AccessAnswer> = createReviewCache({
    ttlMs: opts.cacheTtlMs,
    maxEntries: opts.cacheMaxEntries,
    ...(opts.now ? { now: opts.now } : {}),
  });
  const ask = (q: AccessQuestion, onLoad?: () => void): Promise<AccessAnswer> =>
    cache.get(questionKey(q), () => {
      onLoad?.();
      return opts.reviewer(q);
    });
  const idsOf = (s: Pick<GateSender, 'id' | 'unionId'>): ChatSenderIds => ({
    staffId: s.id,
    ...(s.unionId ? { unionId: s.unionId } : {}),
  });

  /** The identity to review, or the refusal when there is none (not loaded, unmapped, claimed twice). */
  function identityOrRefusal(cmd: ChatCommand, sender: GateSender): KubernetesIdentity | AccessRefusal {
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

  return {
    async review(inv, sender) {
      const cmd = inv.command;
      if (!requiresKubernetesAccess(cmd)) return undefined;
      const who = identityOrRefusal(cmd, sender);
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
    },

    async filterAvailable(list, sender) {
      let budget = opts.helpReviewBudget ?? 64;
      let skipped = 0;
      const keep = new Array<boolean>(list.length).fill(false);
      const resolution = opts.identitiesReady() ? opts.resolve(idsOf(sender)) : undefined;
      const check = async (i: number): Promise<void> => {
        const item = list[i] as AvailableCommand;
        const cmd = opts.lookupCommand(item.namespace, item.name);
        if (!cmd) return;
        if (!requiresKubernetesAccess(cmd)) {
          keep[i] = true;
          return;
        }
        if (resolution?.kind !== 'mapped') return;
        const access = accessFor(actionTypeOf(cmd.spec.action), cmd.spec.targets.kind);
        const names: Array<string | undefined> =
          access.named && cmd.spec.targets.names
            ? cmd.spec.targets.names.slice(0, HELP_NAMES_PER_COMMAND)
            : [undefined];
        for (const name of names) {
          if (budget <= 0) {
            skipped += 1;
            return;
          }
          const q: AccessQuestion = {
            identity: resolution.identity,
            access,
            namespace: item.namespace,
            ...(name !== undefined ? { name } : {}),
          };
          try {
            if ((await ask(q, () => (budget -= 1))).allowed) {
              keep[i] = true;
              return;
            }
          } catch (err) {
            opts.log.warn('SubjectAccessReview failed; hiding the command from help', {
              command: `${item.namespace}/${item.name}`,
              err,
            });
            return;
          }
        }
      };
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < list.length) await check(next++);
      };
      await Promise.all(Array.from({ length: Math.min(HELP_CONCURRENCY, list.length) }, worker));
      if (skipped > 0)
        opts.log.warn('help hid commands it had no review budget left to check', { hidden: skipped });
      return list.filter((_, i) => keep[i]);
    },

    describeSender(sender) {
      if (!opts.identitiesReady()) return { key: 'authz.whoami.not-ready' };
      const who = opts.resolve(idsOf(sender));
      const unionId = sender.unionId || '-';
      if (who.kind === 'unmapped') return { key: 'authz.whoami.unmapped', params: { unionId } };
      if (who.kind === 'conflict')
        return { key: 'authz.whoami.conflict', params: { unionId, mappings: who.mappings.join(', ') } };
      const { user, groups, mapping } = who.identity;
      return {
        key: 'authz.whoami.mapped',
        params: { unionId, user, groups: groups.length > 0 ? groups.join(', ') : '-', mapping },
      };
    },

    kubernetesUserOf(sender) {
      if (!opts.identitiesReady()) return undefined;
      const who = opts.resolve(idsOf(sender));
      return who.kind === 'mapped' ? who.identity.user : undefined;
    },
  };
}

export type { ResourceAccess };
