// Cross-replica coordination from the configuration: message claims, the leader Lease, and the claims collector.
import type { KubeConfig } from '@kubernetes/client-node';
import type { Config } from '../config/schema.ts';
import { startLeaderElection, type LeaderElector } from '../coordination/leader-election.ts';
import { createMessageClaims, type MessageClaims } from '../coordination/message-claims.ts';
import type { Logger } from '../log/logger.ts';
import type { Metrics } from '../metrics/metrics.ts';

export interface Coordination {
  /** Cluster-wide claims; undefined without a coordination namespace (the process is then alone). */
  readonly claims: MessageClaims | undefined;
  isLeader(): boolean;
  /** Why leader election counts as dead for /healthz; undefined while it runs (or when there is none). */
  whyNotLive(graceMs: number): string | undefined;
  stop(): Promise<void>;
}

export interface CoordinationDeps {
  readonly kc: KubeConfig;
  readonly config: Config;
  readonly instance: string;
  readonly metrics: Metrics;
  readonly log: Logger;
  /** Work the new leader does at once (status passes) instead of waiting for the next resync. */
  readonly onStartedLeading: () => void;
}

const CLAIMS_GC_INTERVAL_MS = 60_000;

export function startCoordination(deps: CoordinationDeps): Coordination {
  const { kc, config, instance, metrics, log } = deps;
  const namespace = config.coordination.namespace;
  const claims =
    namespace === ''
      ? undefined
      : createMessageClaims({
          kc,
          namespace,
          identity: instance,
          ttlMs: config.coordination.claimTtlMs,
          log: log.child({ component: 'claims' }),
        });
  // Without a shared namespace this process is alone: it leads, and memory is the only message record.
  let elector: LeaderElector | undefined;
  if (namespace !== '' && config.coordination.leaderElection) {
    elector = startLeaderElection({
      kc,
      namespace,
      name: config.coordination.leaseName,
      identity: instance,
      leaseDurationMs: config.coordination.leaseDurationMs,
      log: log.child({ component: 'leader-election' }),
      onStartedLeading: () => {
        metrics.leader.set(1);
        deps.onStartedLeading();
      },
      onStoppedLeading: () => metrics.leader.set(0),
    });
  } else {
    metrics.leader.set(1);
  }
  const isLeader = (): boolean => (elector ? elector.isLeader() : true);
  // The leader deletes message claims whose time has passed, so they never pile up.
  const gc = setInterval(() => {
    if (!claims || !isLeader()) return;
    claims.collectExpired().then(
      (n) => n > 0 && log.debug('expired message claims deleted', { count: n }),
      (err: unknown) => log.warn('cannot collect expired message claims', { err }),
    );
  }, CLAIMS_GC_INTERVAL_MS);
  gc.unref();
  return {
    claims,
    isLeader,
    whyNotLive: (graceMs) => elector?.whyNotLive(graceMs),
    async stop() {
      clearInterval(gc);
      await elector?.stop();
    },
  };
}
