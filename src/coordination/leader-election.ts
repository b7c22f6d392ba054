// Leader election on a coordination.k8s.io Lease, as client-go does it: renew while leading, take over only after
// the holder has not renewed for a full lease duration as observed on *our* clock (so clock skew cannot steal it).
import { CoordinationV1Api, type KubeConfig } from '@kubernetes/client-node';
import { makeDeadlineClient } from '../kube/deadline-client.ts';
import { createStallWatch } from '../lib/stall-watch.ts';
import type { Logger } from '../log/logger.ts';
import { apiStatusCode } from '../kube/api-status.ts';
import { acquireOrRenew, releaseLease, type Observed } from './lease-moves.ts';

export interface LeaderElector {
  isLeader(): boolean;
  /** Gives the Lease up so a standby takes over at once (on graceful shutdown). */
  stop(): Promise<void>;
  /** Why the renew loop counts as dead for /healthz (a step far past its deadline); undefined while it runs. */
  whyNotLive(graceMs: number): string | undefined;
}

export interface LeaderElectionOptions {
  readonly kc: KubeConfig;
  readonly namespace: string;
  readonly name: string;
  readonly identity: string;
  readonly leaseDurationMs: number;
  readonly log: Logger;
  readonly onStartedLeading?: () => void;
  readonly onStoppedLeading?: () => void;
}

export function startLeaderElection(opts: LeaderElectionOptions): LeaderElector {
  const renewDeadlineMs = Math.floor((opts.leaseDurationMs * 2) / 3);
  // A renewal that hangs past the deadline must fail, so a stale leader stops before a standby starts.
  const api = makeDeadlineClient(opts.kc, CoordinationV1Api, renewDeadlineMs);
  const retryMs = Math.max(500, Math.floor(opts.leaseDurationMs / 3));
  const durationSeconds = Math.ceil(opts.leaseDurationMs / 1000);
  let leader = false;
  let lastRenew = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  const ref = { namespace: opts.namespace, name: opts.name, identity: opts.identity, durationSeconds };
  const seen: { observed?: Observed } = {};
  const progress = createStallWatch();

  const setLeader = (v: boolean): void => {
    if (v === leader) return;
    leader = v;
    opts.log.info(v ? 'became leader' : 'lost leadership', {
      lease: `${opts.namespace}/${opts.name}`,
      identity: opts.identity,
    });
    (v ? opts.onStartedLeading : opts.onStoppedLeading)?.();
  };

  async function tick(): Promise<void> {
    try {
      const ok = await acquireOrRenew(api, ref, seen, Date.now());
      if (ok) lastRenew = Date.now();
      setLeader(ok);
    } catch (err) {
      const code = apiStatusCode(err);
      if (code !== 409) opts.log.warn('leader election: lease update failed', { err });
      // A leader that cannot renew within the deadline must stop acting before another replica starts.
      if (leader && Date.now() - lastRenew > renewDeadlineMs) setLeader(false);
    }
  }

  const loop = (): void => {
    if (stopped) return;
    progress.expect('a Lease renewal', renewDeadlineMs);
    inFlight = tick();
    void inFlight.finally(() => {
      if (stopped) return progress.rest();
      progress.expect('the wait before the next Lease renewal', retryMs);
      timer = setTimeout(loop, retryMs);
    });
  };
  loop();

  return {
    // Leadership is only as fresh as the last renewal: never act on a lease that may already have passed on.
    isLeader: () => leader && Date.now() - lastRenew < renewDeadlineMs,
    whyNotLive(graceMs) {
      const stall = progress.stalled(graceMs);
      return stall === undefined ? undefined : `leader election stalled: ${stall}`;
    },
    async stop() {
      stopped = true;
      progress.rest();
      if (timer) clearTimeout(timer);
      // A renewal still under way could otherwise re-take the lease right after it is released.
      await inFlight;
      if (!leader) return;
      setLeader(false);
      try {
        await releaseLease(api, ref);
      } catch (err) {
        opts.log.warn('could not release the leader lease; a standby takes over after it expires', { err });
      }
    },
  };
}
