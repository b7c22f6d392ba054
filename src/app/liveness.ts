// /healthz: alive unless a loop that must run for the life of the process crashed or stalled past its deadlines.
import type { Logger } from '../log/logger.ts';
import type { Readiness } from './readiness.ts';

/** A part that can tell why it counts as dead; undefined while it lives. */
export interface LivenessPart {
  whyNotLive(graceMs: number): string | undefined;
}

export interface LivenessParts {
  readonly graceMs: number;
  readonly parts: readonly (LivenessPart | undefined)[];
  readonly log: Logger;
}

/**
 * Only what a restart cures fails liveness: a crashed or stalled loop. An unreachable API server or gateway does
 * not (the loops retry; every replica restarting at once would not bring it back) — /readyz reports those.
 */
export function createLivenessCheck(p: LivenessParts): () => Readiness {
  let wasLive = true;
  return () => {
    const reason = p.parts.map((part) => part?.whyNotLive(p.graceMs)).find((r) => r !== undefined);
    // Logged on the change only: the kubelet asks every few seconds.
    if (reason !== undefined && wasLive) p.log.error('not live; /healthz fails until restarted', { reason });
    wasLive = reason === undefined;
    return reason === undefined ? { ok: true } : { ok: false, reason };
  };
}
