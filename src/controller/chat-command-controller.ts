// Watches ChatCommands, keeps the command registry current, and (as leader) writes each command's status.
// The steps: command-objects (what reaches the registry), list-chat-commands, reconcile-command-statuses.
import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import type { ChatCommand } from '../api/chat-command.ts';
import { makeDeadlineClient } from '../kube/deadline-client.ts';
import type { Logger } from '../log/logger.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { createCommandObjects, type CommandSink, type RawCommand } from './command-objects.ts';
import { listChatCommands, watchPath } from './list-chat-commands.ts';
import { reconcileCommandStatuses } from './reconcile-command-statuses.ts';
import { createStatusPass } from './status-pass.ts';
import { startResilientInformer, type InformerHealth, type ResilientInformer } from './resilient-informer.ts';
import { startRunnerWatch, type RunnerDirectory } from './runner-watch.ts';
import type { WildcardPolicy } from './wildcard-policy.ts';

export interface ChatCommandControllerOptions {
  readonly kc: KubeConfig;
  readonly namespaces: readonly string[];
  readonly runnerName: string;
  readonly sink: CommandSink;
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly isLeader: () => boolean;
  readonly resyncIntervalMs: number;
  readonly debounceMs?: number;
  /** Commands this refuses (allow.conversations "*" outside the operator's namespaces) never reach the sink. */
  readonly wildcardPolicy?: WildcardPolicy;
  /** Server-side timeout of every watch; a watch silent well past it is reported hung. Default 60. */
  readonly watchTimeoutSeconds?: number;
}

export interface ChatCommandController {
  readonly synced: Promise<void>;
  isSynced(): boolean;
  /** Every informer synced and recently heard from; otherwise why not (for /readyz). */
  health(): InformerHealth;
  /** Which namespaces have the runner ServiceAccount, from the watch (no API call). */
  readonly runners: RunnerDirectory;
  /** The latest object seen for a command (for audit Events: its uid). */
  get(namespace: string, name: string): ChatCommand | undefined;
  /** Runs a status pass now (used after leadership is gained). */
  reconcileSoon(): void;
  stop(): Promise<void>;
}

type Listed = RawCommand & { metadata: { name: string } };

export function startChatCommandController(opts: ChatCommandControllerOptions): ChatCommandController {
  const log = opts.log.child({ component: 'controller' });
  // Deadlines on our own calls: a hung API server must fail a pass (retried later), never stall it forever.
  const custom = makeDeadlineClient(opts.kc, CustomObjectsApi, 30_000);
  const objects = createCommandObjects(opts.sink, opts.wildcardPolicy, log);
  const changed = (): void => {
    opts.metrics.registryCommands.set(opts.sink.size);
    reconcileSoon();
  };
  const watchTimeout =
    opts.watchTimeoutSeconds !== undefined ? { watchTimeoutSeconds: opts.watchTimeoutSeconds } : {};
  const watchHandlers = {
    onRestart: () => opts.metrics.informerRestarts.inc(),
    onWatchRestart: (reason: 'silent' | 'deadline') => opts.metrics.watchReopened.inc({ reason }),
    onHealthChange: () => updateSyncedGauge(),
  };
  const runners = startRunnerWatch({
    kc: opts.kc,
    namespaces: opts.namespaces,
    runnerName: opts.runnerName,
    log,
    onChange: () => reconcileSoon(),
    handlers: watchHandlers,
    ...watchTimeout,
  });
  const paths = opts.namespaces.length === 0 ? [undefined] : opts.namespaces;
  const informers: ResilientInformer[] = paths.map((ns) =>
    startResilientInformer<Listed>({
      kc: opts.kc,
      path: watchPath(ns),
      list: () => listChatCommands<Listed>(custom, ns),
      handlers: {
        onUpsert: (raw) => (objects.upsert(raw), changed()),
        onDelete: (raw) => (objects.remove(raw), changed()),
        ...watchHandlers,
      },
      log,
      ...watchTimeout,
      trimCached: true,
    }),
  );
  const all = [...informers, ...runners.informers];
  const health = (): InformerHealth => {
    for (const i of all) {
      const h = i.health();
      if (!h.ok) return h;
    }
    return { ok: true };
  };
  function updateSyncedGauge(): void {
    opts.metrics.informerSynced.set(health().ok ? 1 : 0);
  }
  const synced = Promise.all(all.map((i) => i.synced)).then(updateSyncedGauge);

  const pass = createStatusPass(
    async () => {
      if (!opts.isLeader()) return;
      // Until the runner watch has listed, RunnerMissing cannot be told; its first list triggers a pass.
      if (!runners.informers.every((i) => i.isSynced())) return;
      await reconcileCommandStatuses({
        custom,
        objects,
        sink: opts.sink,
        runners,
        runnerName: opts.runnerName,
        log,
        stopped: () => pass.stopped,
        retryLater: () => pass.retryLater(),
      });
    },
    { log, ...(opts.debounceMs !== undefined ? { debounceMs: opts.debounceMs } : {}) },
  );
  const reconcileSoon = (): void => pass.soon();

  // Runner changes arrive through their watch; the periodic pass re-writes what a failed write or a lost race left.
  const resync = setInterval(() => reconcileSoon(), opts.resyncIntervalMs);
  resync.unref();

  return {
    synced,
    isSynced: () => all.every((i) => i.isSynced()),
    health,
    runners,
    get: (ns, name) => objects.get(ns, name),
    reconcileSoon,
    stop: async () => {
      pass.stop();
      clearInterval(resync);
      await Promise.all(all.map((i) => i.stop()));
    },
  };
}
