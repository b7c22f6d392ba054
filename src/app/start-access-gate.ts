// Composes issue 17's parts: the ChatIdentity watch, its index, the SubjectAccessReview gate and its cache.
import type { KubeConfig } from '@kubernetes/client-node';
import { createAccessGate, type AccessGate } from '../authz/access-gate.ts';
import { IdentityIndex } from '../authz/identity-index.ts';
import { createSubjectAccessReviewer } from '../authz/subject-access-review.ts';
import type { CommandRegistry } from '../commands/registry.ts';
import type { Config } from '../config/schema.ts';
import {
  startChatIdentityController,
  type ChatIdentityController,
} from '../controller/chat-identity-controller.ts';
import type { Logger } from '../log/logger.ts';
import type { Metrics } from '../metrics/metrics.ts';

export interface RunningAccessGate {
  readonly gate: AccessGate;
  /** undefined when ChatIdentities are turned off (KUBETALK_CHAT_IDENTITIES=false). */
  readonly identities: ChatIdentityController | undefined;
}

export function startAccessGate(deps: {
  readonly kc: KubeConfig;
  readonly config: Config;
  readonly registry: CommandRegistry;
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly isLeader: () => boolean;
}): RunningAccessGate {
  const index = new IdentityIndex();
  const identities = deps.config.identities.enabled
    ? startChatIdentityController({
        kc: deps.kc,
        index,
        log: deps.log,
        isLeader: deps.isLeader,
        resyncIntervalMs: deps.config.resyncIntervalMs,
        onRestart: () => deps.metrics.informerRestarts.inc(),
      })
    : undefined;
  const gate = createAccessGate({
    resolve: (ids) => index.resolve(ids),
    identitiesReady: () => identities?.isSynced() ?? false,
    identitiesEnabled: deps.config.identities.enabled,
    reviewer: createSubjectAccessReviewer(deps.kc),
    lookupCommand: (ns, name) => deps.registry.get(ns, name),
    cacheTtlMs: deps.config.identities.reviewCacheTtlMs,
    cacheMaxEntries: deps.config.identities.reviewCacheMaxEntries,
    log: deps.log.child({ component: 'access' }),
  });
  return { gate, identities };
}
