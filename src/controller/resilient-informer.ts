// Keeps a client-node informer alive: restarts it with capped, jittered backoff after any error (client-node
// re-lists on 410 by itself but stops on everything else), reports when the first full list has landed, and
// reports a watch that has gone silent (hung) until the API server is heard from again.
import {
  ListWatch,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
} from '@kubernetes/client-node';
import type { Logger } from '../log/logger.ts';
import {
  LivenessWatch,
  livenessTimings,
  RECONNECT_CAP_MS,
  type LivenessTimings,
  type WatchRestartReason,
} from './watch-liveness.ts';
import { keepIdentityOnly } from './trim-object.ts';

export interface InformerHandlers<T extends KubernetesObject> {
  readonly onUpsert: (obj: T) => void;
  readonly onDelete: (obj: T) => void;
  readonly onRestart?: (err: unknown) => void;
  /** A watch connection was replaced without an error: silent past its deadline, or streaming past it. */
  readonly onWatchRestart?: (reason: WatchRestartReason) => void;
  /** The informer became healthy (synced and heard from) or stopped being so. */
  readonly onHealthChange?: () => void;
}

export type InformerHealth = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export interface ResilientInformer {
  /** Resolves once the first list succeeded and the watch is open (retries forever until then). */
  readonly synced: Promise<void>;
  isSynced(): boolean;
  /** Synced, and the API server was heard from recently enough (a hung watch is not healthy). */
  health(): InformerHealth;
  stop(): Promise<void>;
}

export interface ResilientInformerOptions<T extends KubernetesObject> {
  readonly kc: KubeConfig;
  readonly path: string;
  readonly list: () => Promise<KubernetesListObject<T>>;
  /** e.g. `metadata.name=kubetalk-runner`; the list function must apply the same selector. */
  readonly fieldSelector?: string;
  /** Server-side timeoutSeconds of each watch; the hang deadlines derive from it. Default 60. */
  readonly watchTimeoutSeconds?: number;
  /** Overrides the timings derived from watchTimeoutSeconds (tests: sub-second deadlines). */
  readonly livenessTimings?: LivenessTimings;
  readonly handlers: InformerHandlers<T>;
  readonly log: Logger;
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /**
   * Cut each cached object to its identity once the handlers have seen it (see keepIdentityOnly): for callers
   * that keep their own copy and never read the informer's cache.
   */
  readonly trimCached?: boolean;
}

export function startResilientInformer<T extends KubernetesObject>(
  opts: ResilientInformerOptions<T>,
): ResilientInformer {
  const min = opts.minBackoffMs ?? 500;
  const max = opts.maxBackoffMs ?? 30_000;
  let backoff = min;
  let stopped = false;
  let synced = false;
  let failedSinceStart = false;
  let timer: NodeJS.Timeout | undefined;
  let markSynced: () => void = () => undefined;
  const syncedPromise = new Promise<void>((resolve) => (markSynced = resolve));

  const timings = opts.livenessTimings ?? livenessTimings(opts.watchTimeoutSeconds ?? 60);
  let lastProof = Date.now();
  let healthy = false;
  const proof = (): void => {
    lastProof = Date.now();
  };
  const watch = new LivenessWatch(opts.kc, timings, {
    onProof: proof,
    onRestart: (reason) => {
      opts.log.debug('watch re-opened', { path: opts.path, reason });
      opts.handlers.onWatchRestart?.(reason);
    },
  });
  const listFn = async (): Promise<KubernetesListObject<T>> => {
    // Logged because a re-list (after a 410 or a restart) is the event operators look for when debugging watches.
    opts.log.debug('listing', { path: opts.path });
    const list = await opts.list();
    proof();
    // Objects in a list response carry no apiVersion/kind; handlers should not care, but keep them whole.
    return list;
  };
  // client-node backs off up to 30 s between watches that ended without events; a quiet, healthy watch must come
  // back sooner than the hang deadline, so the delay is capped (an error still goes through our own backoff).
  const informer = new ListWatch<T>(opts.path, watch, listFn, false, undefined, opts.fieldSelector, {
    delayFn: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, RECONNECT_CAP_MS))),
  });
  const upsert = (o: T): void => {
    opts.handlers.onUpsert(o);
    if (opts.trimCached) keepIdentityOnly(o);
  };
  informer.on('add', upsert);
  informer.on('update', upsert);
  informer.on('delete', (o) => opts.handlers.onDelete(o));
  informer.on('error', (err: unknown) => {
    failedSinceStart = true;
    if (stopped) return;
    opts.log.warn('watch failed; restarting', { path: opts.path, err, retryInMs: backoff });
    opts.handlers.onRestart?.(err);
    schedule();
  });

  const run = async (): Promise<void> => {
    failedSinceStart = false;
    await informer.start();
    if (stopped || failedSinceStart) return;
    backoff = min;
    if (!synced) {
      synced = true;
      opts.log.info('watch synced', { path: opts.path });
      markSynced();
    }
  };
  const schedule = (): void => {
    if (timer || stopped) return;
    const delay = backoff * (0.8 + Math.random() * 0.4);
    backoff = Math.min(backoff * 2, max);
    timer = setTimeout(() => {
      timer = undefined;
      run().catch((err: unknown) => {
        opts.log.warn('watch start threw; retrying', { path: opts.path, err });
        schedule();
      });
    }, delay);
  };

  run().catch((err: unknown) => {
    opts.log.warn('watch start threw; retrying', { path: opts.path, err });
    schedule();
  });

  const health = (): InformerHealth => {
    if (!synced) return { ok: false, reason: `informer ${opts.path} not synced` };
    const silentMs = Date.now() - lastProof;
    if (silentMs <= timings.hungAfterMs) return { ok: true };
    const silentS = Math.round(silentMs / 1000);
    return { ok: false, reason: `watch ${opts.path} hung: no word from the API server for ${silentS} s` };
  };
  // Checked on a timer because a hang is the absence of events: nothing else would notice it.
  const checkHealth = (): void => {
    const now = health();
    if (now.ok === healthy) return;
    healthy = now.ok;
    if (now.ok) opts.log.info('watch healthy again', { path: opts.path });
    else opts.log.warn('watch unhealthy', { path: opts.path, reason: now.reason });
    opts.handlers.onHealthChange?.();
  };
  const healthTimer = setInterval(checkHealth, Math.min(timings.graceMs / 2, 5000));
  healthTimer.unref();
  void syncedPromise.then(checkHealth);

  return {
    synced: syncedPromise,
    isSynced: () => synced,
    health,
    stop: async () => {
      stopped = true;
      clearInterval(healthTimer);
      if (timer) clearTimeout(timer);
      await informer.stop();
    },
  };
}
