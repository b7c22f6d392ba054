// The cluster side of the app: the ChatCommand registry and its controller, the access gate, and coordination
// (claims, the leader Lease) — what the chat side is then built on.
import { hostname } from 'node:os';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ChatCommand } from '../api/chat-command.ts';
import type { Config } from '../config/schema.ts';
import { CommandRegistry } from '../commands/registry.ts';
import {
  startChatCommandController,
  type ChatCommandController,
} from '../controller/chat-command-controller.ts';
import { createWildcardPolicy } from '../controller/wildcard-policy.ts';
import type { Logger } from '../log/logger.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { loadKubeConfig } from './load-kube-config.ts';
import { createRegistrySink } from './registry-sink.ts';
import { startAccessGate, type RunningAccessGate } from './start-access-gate.ts';
import { startCoordination, type Coordination } from './start-coordination.ts';

export interface ClusterSide {
  readonly kc: KubeConfig;
  /** This replica's name in Leases, claims and ChatRequests. */
  readonly instance: string;
  readonly registry: CommandRegistry;
  readonly controller: ChatCommandController;
  readonly access: RunningAccessGate;
  readonly coordination: Coordination;
  isLeader(): boolean;
  /** Work a new leader does at once (status passes of parts started later, such as AlertRoutes). */
  onLeading(work: () => void): void;
  /** Hears every ChatCommand the registry takes, including those synced before the listener was set. */
  setCommandListener(listen: (cmd: ChatCommand) => void): void;
}

export function startClusterSide(config: Config, metrics: Metrics, log: Logger): ClusterSide {
  const kc = loadKubeConfig();
  const instance = config.coordination.identity || hostname();
  const registry = new CommandRegistry();
  const leading: Array<() => void> = [];
  // The leader writes status; until the Lease is decided the controller asks through this late-bound check.
  let isLeader = (): boolean => true;
  // Late-bound too: the approval parts are built with the dispatcher, after the controller starts feeding.
  let noticeCommand: (cmd: ChatCommand) => void = () => undefined;
  const controller = startChatCommandController({
    kc,
    namespaces: config.namespaces,
    runnerName: config.runnerServiceAccount,
    sink: createRegistrySink(registry, (cmd) => noticeCommand(cmd)),
    metrics,
    log,
    isLeader: () => isLeader(),
    resyncIntervalMs: config.resyncIntervalMs,
    wildcardPolicy: createWildcardPolicy(config.anyConversationNamespaces),
    watchTimeoutSeconds: config.watchTimeoutSeconds,
  });
  const access = startAccessGate({ kc, config, registry, metrics, log, isLeader: () => isLeader() });
  const coordination = startCoordination({
    kc,
    config,
    instance,
    metrics,
    log,
    onStartedLeading: () => {
      controller.reconcileSoon();
      access.identities?.reconcileSoon();
      for (const work of leading) work();
    },
  });
  isLeader = () => coordination.isLeader();
  return {
    kc,
    instance,
    registry,
    controller,
    access,
    coordination,
    isLeader: () => isLeader(),
    onLeading: (work) => void leading.push(work),
    setCommandListener(listen) {
      noticeCommand = listen;
      for (const cmd of registry.values()) listen(cmd);
    },
  };
}
