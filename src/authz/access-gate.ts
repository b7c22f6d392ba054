// The Kubernetes access gate: for ChatCommands with allow.kubernetesAccess, the sender must map to a Kubernetes
// identity (ChatIdentity) and a SubjectAccessReview for it must allow the action's exact permission. It runs after
// the allow list and before the runner; a refusal means nothing runs.
import type { ChatCommand } from '../api/chat-command.ts';
import type { AvailableCommand } from '../commands/list-available.ts';
import type { Invocation } from '../commands/invocation.ts';
import type { UserMessage } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { ResourceAccess } from './access-table.ts';
import { filterHelp } from './filter-help.ts';
import { reviewInvocation } from './review-invocation.ts';
import type { ChatSenderIds, IdentityResolution } from './identity-index.ts';
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

/** What the gate's steps share: the options and the cached review. */
export interface GateParts {
  readonly opts: AccessGateOptions;
  readonly ask: (q: AccessQuestion, onLoad?: () => void) => Promise<AccessAnswer>;
}

export function idsOf(s: Pick<GateSender, 'id' | 'unionId'>): ChatSenderIds {
  return { staffId: s.id, ...(s.unionId ? { unionId: s.unionId } : {}) };
}

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

  const g: GateParts = { opts, ask };
  return {
    review: (inv, sender) => reviewInvocation(g, inv, sender),
    filterAvailable: (list, sender) => filterHelp(g, list, sender),
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
