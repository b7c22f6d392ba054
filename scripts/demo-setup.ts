// setUpDemo: installs the CRD and the demo namespace's objects in any cluster, and waits until web has rolled out.
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as k8s from '@kubernetes/client-node';
import { loadAll } from 'js-yaml';
import { CRD_NAME } from '../src/api/chat-command.ts';
import { DEFAULT_IDENTITY, directConversationId } from '../src/simulator/identity.ts';
import { repoRoot } from '../tools/local-cluster/index.ts';
import {
  DEMO_DEPLOYMENT,
  DEMO_LABEL,
  DEMO_NAMESPACE,
  demoChatCommands,
  demoDeployment,
  demoLogLines,
  demoNamespace,
  demoRunner,
  type DemoAllow,
} from './demo-manifests.ts';
import { createServerSideApply } from './server-side-apply.ts';

export interface DemoOptions {
  readonly kubeconfig: string;
  /** Default "demo". */
  readonly namespace?: string;
  /** Who the ChatCommands allow; default the simulator's default user, in its group and its direct chat. */
  readonly allow?: DemoAllow;
  /** kwok's log file for containers named "app": a few lines are appended for `logs web` to show. */
  readonly logFile?: string;
  readonly progress?: (line: string) => void;
  /** How long to wait for web to become available (default 180 s); the demo goes on either way. */
  readonly rolloutTimeoutMs?: number;
}

export interface DemoSetup {
  readonly namespace: string;
  readonly deployment: string;
  readonly commands: readonly string[];
  readonly allow: DemoAllow;
  /** Whether web had all its replicas available before the timeout. */
  readonly rolledOut: boolean;
}

const FIELD_MANAGER = 'kubetalk-demo';

export const DEFAULT_DEMO_ALLOW: DemoAllow = {
  conversations: [DEFAULT_IDENTITY.conversationId, directConversationId(DEFAULT_IDENTITY.staffId)],
  users: [DEFAULT_IDENTITY.staffId],
};

export async function setUpDemo(options: DemoOptions): Promise<DemoSetup> {
  const progress = options.progress ?? (() => undefined);
  const namespace = options.namespace ?? DEMO_NAMESPACE;
  const allow = options.allow ?? DEFAULT_DEMO_ALLOW;
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(options.kubeconfig);
  const apply = createServerSideApply(kc, FIELD_MANAGER);

  progress('installing the ChatCommand CRD');
  for (const crd of readCrds()) await apply(crd);
  await waitForCrd(kc.makeApiClient(k8s.ApiextensionsV1Api));

  progress(`creating namespace ${namespace}: Deployment ${DEMO_DEPLOYMENT}, runner, ChatCommands`);
  await claimNamespace(kc.makeApiClient(k8s.CoreV1Api), namespace, progress);
  await apply(demoNamespace(namespace));
  for (const obj of [demoDeployment(namespace), ...demoRunner(namespace)]) await apply(obj);
  const commands = demoChatCommands(namespace, allow);
  for (const obj of commands) await apply(obj);
  if (options.logFile !== undefined) appendFileSync(options.logFile, demoLogLines(Date.now()));

  const rolledOut = await waitForRollout(
    kc.makeApiClient(k8s.AppsV1Api),
    namespace,
    options.rolloutTimeoutMs ?? 180_000,
    progress,
  );
  return {
    namespace,
    deployment: DEMO_DEPLOYMENT,
    commands: commands.map((c) => c.metadata?.name ?? ''),
    allow,
    rolledOut,
  };
}

/** Deletes the demo namespace, but only one the demo created (it carries the demo's label). */
export async function tearDownDemo(kubeconfig: string, namespace = DEMO_NAMESPACE): Promise<boolean> {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const ns = await core.readNamespace({ name: namespace }).catch(() => undefined);
  if (!ns || !isDemoOwned(ns.metadata?.labels)) return false;
  await core.deleteNamespace({ name: namespace });
  return true;
}

function readCrds(): k8s.KubernetesObject[] {
  const dir = join(repoRoot, 'crds');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => loadAll(readFileSync(join(dir, f), 'utf8')) as k8s.KubernetesObject[])
    .filter((o) => o !== null && o !== undefined);
}

async function waitForCrd(api: k8s.ApiextensionsV1Api): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const crd = await api.readCustomResourceDefinition({ name: CRD_NAME }).catch(() => undefined);
    if (crd?.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) return;
    await sleep(250);
  }
  throw new Error(`the CRD ${CRD_NAME} was not Established within 60 s`);
}

/**
 * A namespace of the same name that the demo did not create belongs to someone: never take it over. One the
 * demo created and is still deleting (an earlier run's teardown) is waited for.
 */
async function claimNamespace(
  core: k8s.CoreV1Api,
  namespace: string,
  progress: (line: string) => void,
): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const existing = await core.readNamespace({ name: namespace }).catch(() => undefined);
    if (!existing) return;
    if (!isDemoOwned(existing.metadata?.labels)) {
      throw new Error(
        `namespace ${namespace} already exists and was not created by the demo; choose another with --namespace`,
      );
    }
    if (existing.status?.phase !== 'Terminating') return;
    if (Date.now() > deadline)
      throw new Error(`namespace ${namespace} is still being deleted; try again later`);
    progress(`waiting for namespace ${namespace} from an earlier run to finish deleting`);
    await sleep(2_000);
  }
}

function isDemoOwned(labels: Record<string, string> | undefined): boolean {
  return Object.entries(DEMO_LABEL).every(([k, v]) => labels?.[k] === v);
}

/** Polls web until all replicas are available, saying how far it got every few seconds. */
async function waitForRollout(
  apps: k8s.AppsV1Api,
  namespace: string,
  timeoutMs: number,
  progress: (line: string) => void,
): Promise<boolean> {
  const started = Date.now();
  let lastReport = 0;
  for (;;) {
    const d = await apps
      .readNamespacedDeployment({ name: DEMO_DEPLOYMENT, namespace })
      .catch(() => undefined);
    const want = d?.spec?.replicas ?? 0;
    const available = d?.status?.availableReplicas ?? 0;
    const current = d?.status?.observedGeneration === d?.metadata?.generation;
    if (d && current && available === want && (d.status?.updatedReplicas ?? 0) === want) {
      progress(`deployment/${DEMO_DEPLOYMENT}: ${available}/${want} replicas available`);
      return true;
    }
    const elapsed = Date.now() - started;
    if (elapsed > timeoutMs) {
      progress(
        `deployment/${DEMO_DEPLOYMENT} is not ready after ${Math.round(elapsed / 1000)} s (${available}/${want} available); ` +
          `going on, "status web" in the chat will tell when it is`,
      );
      return false;
    }
    if (Date.now() - lastReport >= 3_000) {
      progress(
        `waiting for deployment/${DEMO_DEPLOYMENT} to roll out: ${available}/${want} replicas available`,
      );
      lastReport = Date.now();
    }
    await sleep(500);
  }
}
