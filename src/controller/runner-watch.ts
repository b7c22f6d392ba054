// Knows which namespaces have the runner ServiceAccount, from a watch on that one name (cluster-wide or per watched
// namespace): the controller's RBAC allows list/watch of exactly that name, and no request is made per message.
import {
  CoreV1Api,
  type KubeConfig,
  type KubernetesListObject,
  type V1ServiceAccount,
} from '@kubernetes/client-node';
import { makeDeadlineClient } from '../kube/deadline-client.ts';
import type { Logger } from '../log/logger.ts';
import {
  startResilientInformer,
  type InformerHandlers,
  type ResilientInformer,
} from './resilient-informer.ts';

/** The port the dispatcher consults before acting: undefined while it cannot know yet. */
export interface RunnerDirectory {
  exists(namespace: string): boolean | undefined;
}

export interface RunnerWatch extends RunnerDirectory {
  readonly informers: readonly ResilientInformer[];
  stop(): Promise<void>;
}

export interface RunnerWatchOptions {
  readonly kc: KubeConfig;
  /** Empty = every namespace (one cluster-wide watch). */
  readonly namespaces: readonly string[];
  readonly runnerName: string;
  readonly log: Logger;
  readonly watchTimeoutSeconds?: number;
  /** A runner appeared or disappeared (or the first list landed): statuses may change. */
  readonly onChange: () => void;
  readonly handlers?: Pick<
    InformerHandlers<V1ServiceAccount>,
    'onRestart' | 'onWatchRestart' | 'onHealthChange'
  >;
}

type ServiceAccount = V1ServiceAccount & { metadata: { name: string; namespace?: string } };

export function startRunnerWatch(opts: RunnerWatchOptions): RunnerWatch {
  const log = opts.log.child({ component: 'runner-watch' });
  const core = makeDeadlineClient(opts.kc, CoreV1Api, 30_000);
  const fieldSelector = `metadata.name=${opts.runnerName}`;
  const present = new Set<string>();
  const onUpsert = (sa: ServiceAccount): void => {
    const ns = sa.metadata.namespace ?? '';
    if (sa.metadata.name !== opts.runnerName || present.has(ns)) return;
    present.add(ns);
    log.info('runner ServiceAccount present', { namespace: ns, name: opts.runnerName });
    opts.onChange();
  };
  const onDelete = (sa: ServiceAccount): void => {
    const ns = sa.metadata.namespace ?? '';
    if (!present.delete(ns)) return;
    log.info('runner ServiceAccount gone', { namespace: ns, name: opts.runnerName });
    opts.onChange();
  };

  const scopes = opts.namespaces.length === 0 ? [undefined] : opts.namespaces;
  const byNamespace = new Map<string | undefined, ResilientInformer>();
  for (const ns of scopes) {
    const informer = startResilientInformer<ServiceAccount>({
      kc: opts.kc,
      path: ns ? `/api/v1/namespaces/${ns}/serviceaccounts` : '/api/v1/serviceaccounts',
      fieldSelector,
      list: async () =>
        (ns
          ? await core.listNamespacedServiceAccount({ namespace: ns, fieldSelector })
          : await core.listServiceAccountForAllNamespaces({
              fieldSelector,
            })) as KubernetesListObject<ServiceAccount>,
      handlers: { ...opts.handlers, onUpsert, onDelete },
      log,
      ...(opts.watchTimeoutSeconds !== undefined ? { watchTimeoutSeconds: opts.watchTimeoutSeconds } : {}),
    });
    void informer.synced.then(opts.onChange);
    byNamespace.set(ns, informer);
  }
  const informers = [...byNamespace.values()];

  return {
    informers,
    exists(namespace) {
      const informer = byNamespace.get(opts.namespaces.length === 0 ? undefined : namespace);
      // A namespace outside KUBETALK_NAMESPACES has no ChatCommand kubetalk honours; nothing runs there.
      if (!informer) return false;
      return informer.isSynced() ? present.has(namespace) : undefined;
    },
    stop: async () => {
      await Promise.all(informers.map((i) => i.stop()));
    },
  };
}
