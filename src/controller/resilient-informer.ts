// Keeps a client-node informer alive: restarts it with capped, jittered backoff after any error (client-node
// re-lists on 410 by itself but stops on everything else), and reports when the first full list has landed.
import {
  makeInformer,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
} from '@kubernetes/client-node';
import type { Logger } from '../log/logger.ts';
import { keepIdentityOnly } from './trim-object.ts';

export interface InformerHandlers<T extends KubernetesObject> {
  readonly onUpsert: (obj: T) => void;
  readonly onDelete: (obj: T) => void;
  readonly onRestart?: (err: unknown) => void;
}

export interface ResilientInformer {
  /** Resolves once the first list succeeded and the watch is open (retries forever until then). */
  readonly synced: Promise<void>;
  isSynced(): boolean;
  stop(): Promise<void>;
}

export interface ResilientInformerOptions<T extends KubernetesObject> {
  readonly kc: KubeConfig;
  readonly path: string;
  readonly list: () => Promise<KubernetesListObject<T>>;
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

  const informer = makeInformer<T>(opts.kc, opts.path, async () => {
    // Logged because a re-list (after a 410 or a restart) is the event operators look for when debugging watches.
    opts.log.debug('listing', { path: opts.path });
    const list = await opts.list();
    // Objects in a list response carry no apiVersion/kind; handlers should not care, but keep them whole.
    return list;
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

  return {
    synced: syncedPromise,
    isSynced: () => synced,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await informer.stop();
    },
  };
}
