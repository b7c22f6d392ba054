// Watches ChatCommands, keeps the command registry current, and (as leader) writes each command's status.
import {
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
  type KubernetesListObject,
} from '@kubernetes/client-node';
import { GROUP, PLURAL, VERSION, type ChatCommand } from '../api/chat-command.ts';
import { validateChatCommand } from '../api/validate-chat-command.ts';
import { makeDeadlineClient } from '../kube/deadline-client.ts';
import type { Logger } from '../log/logger.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { computeStatus, statusEquals } from './compute-status.ts';
import { createStatusPass } from './status-pass.ts';
import { startResilientInformer, type InformerHealth, type ResilientInformer } from './resilient-informer.ts';
import { startRunnerWatch, type RunnerDirectory } from './runner-watch.ts';
import { describeWildcardRefusal, type WildcardPolicy } from './wildcard-policy.ts';
import { listInPages } from './list-in-pages.ts';
import { dropServerBookkeeping } from './trim-object.ts';
import { apiStatusCode } from '../kube/api-status.ts';

/** The registry as the controller sees it: fed objects, asked for conflicts. */
export interface CommandSink {
  upsert(cmd: ChatCommand): void;
  remove(namespace: string, name: string): void;
  /** Descriptions of the commands that collide with this one. */
  describeConflicts(namespace: string, name: string): string[];
  readonly size: number;
}

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

type RawCommand = { metadata?: { name?: string; namespace?: string } } & Record<string, unknown>;
const key = (ns: string, name: string): string => `${ns}/${name}`;

export function startChatCommandController(opts: ChatCommandControllerOptions): ChatCommandController {
  const log = opts.log.child({ component: 'controller' });
  // Deadlines on our own calls: a hung API server must fail a pass (retried later), never stall it forever.
  const custom = makeDeadlineClient(opts.kc, CustomObjectsApi, 30_000);
  /** Every object seen, valid or not, with its validation problems. */
  const objects = new Map<string, { obj: ChatCommand; problems: string[]; wildcardRefusal?: string }>();

  const onUpsert = (raw: RawCommand): void => {
    const ns = raw.metadata?.namespace ?? '';
    const name = raw.metadata?.name ?? '';
    // The informer's object is cut to its identity after this handler (trimCached), so keep copies, trimmed.
    const own = dropServerBookkeeping(raw);
    const result = validateChatCommand({ apiVersion: `${GROUP}/${VERSION}`, kind: 'ChatCommand', ...own });
    if (result.ok && opts.wildcardPolicy && !opts.wildcardPolicy(result.command)) {
      // Refused by the operator's policy: not runnable, and its status says why.
      opts.sink.remove(ns, name);
      objects.set(key(ns, name), {
        obj: result.command,
        problems: [],
        wildcardRefusal: describeWildcardRefusal(ns),
      });
    } else if (result.ok) {
      opts.sink.upsert(result.command);
      objects.set(key(ns, name), { obj: result.command, problems: [] });
    } else {
      // An invalid object must not keep an older, valid version of itself runnable.
      opts.sink.remove(ns, name);
      objects.set(key(ns, name), { obj: own as unknown as ChatCommand, problems: [...result.problems] });
      log.warn('ChatCommand is invalid and will not run', {
        command: key(ns, name),
        problems: result.problems,
      });
    }
    opts.metrics.registryCommands.set(opts.sink.size);
    reconcileSoon();
  };
  const onDelete = (raw: RawCommand): void => {
    const ns = raw.metadata?.namespace ?? '';
    const name = raw.metadata?.name ?? '';
    opts.sink.remove(ns, name);
    objects.delete(key(ns, name));
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
    startResilientInformer<RawCommand & { metadata: { name: string } }>({
      kc: opts.kc,
      path: ns
        ? `/apis/${GROUP}/${VERSION}/namespaces/${ns}/${PLURAL}`
        : `/apis/${GROUP}/${VERSION}/${PLURAL}`,
      list: () =>
        listInPages<RawCommand & { metadata: { name: string } }>(
          (page) =>
            (ns
              ? custom.listNamespacedCustomObject({
                  group: GROUP,
                  version: VERSION,
                  namespace: ns,
                  plural: PLURAL,
                  ...page,
                })
              : custom.listClusterCustomObject({
                  group: GROUP,
                  version: VERSION,
                  plural: PLURAL,
                  ...page,
                })) as Promise<KubernetesListObject<RawCommand & { metadata: { name: string } }>>,
        ),
      handlers: { onUpsert, onDelete, ...watchHandlers },
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

  async function writeStatus(cmd: ChatCommand, status: ChatCommand['status']): Promise<void> {
    await custom.patchNamespacedCustomObjectStatus(
      {
        group: GROUP,
        version: VERSION,
        plural: PLURAL,
        namespace: cmd.metadata.namespace,
        name: cmd.metadata.name,
        // null removes fields a merge patch would otherwise keep (an object that became invalid has no summary).
        body: { status: { ...status, action: status?.action ?? null, summary: status?.summary ?? null } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  }

  async function reconcileAll(): Promise<void> {
    if (!opts.isLeader()) return;
    // Until the runner watch has listed, RunnerMissing cannot be told; its first list triggers a pass.
    if (!runners.informers.every((i) => i.isSynced())) return;
    let visited = 0;
    for (const { obj, problems, wildcardRefusal } of [...objects.values()]) {
      if (pass.stopped) return;
      // A pass over thousands of commands must not hold the event loop: callbacks keep being answered meanwhile.
      if (++visited % 100 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const ns = obj.metadata.namespace;
      const conflicts = problems.length === 0 ? opts.sink.describeConflicts(ns, obj.metadata.name) : [];
      const desired = computeStatus(
        obj,
        {
          problems,
          conflicts,
          runnerExists: runners.exists(ns),
          runnerName: opts.runnerName,
          ...(wildcardRefusal !== undefined ? { wildcardRefusal } : {}),
        },
        new Date(),
      );
      if (statusEquals(obj.status, desired)) continue;
      try {
        await writeStatus(obj, desired);
        log.info('status updated', {
          command: key(ns, obj.metadata.name),
          ready: desired.conditions?.at(-1)?.reason,
        });
      } catch (err) {
        const code = apiStatusCode(err);
        if (code !== 404)
          log.warn('status write failed; will retry', { command: key(ns, obj.metadata.name), err });
        if (code !== 404) pass.retryLater();
      }
    }
  }

  const pass = createStatusPass(reconcileAll, {
    log,
    ...(opts.debounceMs !== undefined ? { debounceMs: opts.debounceMs } : {}),
  });
  const reconcileSoon = (): void => pass.soon();

  // Runner changes arrive through their watch; the periodic pass re-writes what a failed write or a lost race left.
  const resync = setInterval(() => reconcileSoon(), opts.resyncIntervalMs);
  resync.unref();

  return {
    synced,
    isSynced: () => all.every((i) => i.isSynced()),
    health,
    runners,
    get: (ns, name) => objects.get(key(ns, name))?.obj,
    reconcileSoon,
    stop: async () => {
      pass.stop();
      clearInterval(resync);
      await Promise.all(all.map((i) => i.stop()));
    },
  };
}
