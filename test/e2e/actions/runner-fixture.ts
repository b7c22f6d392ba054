// E2E fixture for actions: a controller identity that may only impersonate `kubetalk-runner`, and runner namespaces.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll } from 'vitest';
import { createKubeActionRunner, type KubeActionRunnerOptions } from '../../../src/actions/runner.ts';
import { impersonationRule, RUNNER_ROLE_RULES } from '../../../src/actions/runner-rbac.ts';
import type { ActionContext, ActionRunner, LabelSelector, WorkloadKind } from '../../../src/actions/types.ts';
import { isUserFacingError, type UserMessage } from '../../../src/errors.ts';
import { readApiStatus } from '../../../src/kube/api-status.ts';
import { createRunnerClients } from '../../../src/kube/clients.ts';
import { issueClientCert, writeKubeconfig } from '../../../tools/local-cluster/index.ts';
import {
  clusterUnavailableReason,
  createTestNamespace,
  deleteTestNamespace,
  eventually,
  getTestCluster,
} from '../../support/cluster.ts';

export const RUNNER_NAME = 'kubetalk-runner';
export const CONTROLLER_USER = 'system:kubetalk-test-controller';
const IMPERSONATOR_ROLE = 'kubetalk-test-impersonate-runner';

export interface ControllerIdentity {
  readonly kc: k8s.KubeConfig;
  readonly apps: k8s.AppsV1Api;
}

let controller: Promise<ControllerIdentity> | undefined;

async function createIgnoringExists(create: () => Promise<unknown>): Promise<void> {
  try {
    await create();
  } catch (err) {
    if (!(err instanceof k8s.ApiException && err.code === 409)) throw err;
  }
}

async function setUpController(): Promise<ControllerIdentity> {
  const { plane, state, kc: adminKc } = getTestCluster();
  // A per-file certificate (same user): test files run in parallel and must not write the same key file at once.
  const file = `kubetalk-test-controller-${randomBytes(4).toString('hex')}`;
  const creds = issueClientCert(plane.pkiFiles, file, CONTROLLER_USER, []);
  const path = writeKubeconfig(
    join(state.stateDir, `${file}.kubeconfig`),
    state.server,
    plane.pkiFiles.caCert,
    creds,
  );
  const rbac = adminKc.makeApiClient(k8s.RbacAuthorizationV1Api);
  await createIgnoringExists(() =>
    rbac.createClusterRole({
      body: { metadata: { name: IMPERSONATOR_ROLE }, rules: [impersonationRule(RUNNER_NAME)] },
    }),
  );
  await createIgnoringExists(() =>
    rbac.createClusterRoleBinding({
      body: {
        metadata: { name: IMPERSONATOR_ROLE },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: IMPERSONATOR_ROLE },
        subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: CONTROLLER_USER }],
      },
    }),
  );
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(path);
  return { kc, apps: kc.makeApiClient(k8s.AppsV1Api) };
}

/** The identity the runner under test authenticates as; it can do nothing itself except impersonate the runner. */
export function getController(): Promise<ControllerIdentity> {
  controller ??= setUpController();
  return controller;
}

/**
 * A fresh namespace with the runner ServiceAccount; with `rbac` (the default) also its Role (RUNNER_ROLE_RULES) and
 * RoleBinding. Waits until the API server's authorizer sees the bindings, so tests never race RBAC propagation.
 */
export async function createRunnerNamespace(prefix: string, opts: { rbac?: boolean } = {}): Promise<string> {
  const { core, kc: adminKc } = getTestCluster();
  const namespace = await createTestNamespace(prefix);
  await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: RUNNER_NAME } } });
  const ctl = await getController();
  const probe = createRunnerClients(ctl.kc, { namespace, runnerName: RUNNER_NAME });
  if (opts.rbac === false) {
    // Impersonation itself must work (so a 403 later is the runner's, not the controller's).
    await eventually('controller may impersonate the runner', async () => {
      const err: unknown = await probe.apps.listNamespacedReplicaSet({ namespace }).then(
        () => new Error('the runner has access without a RoleBinding'),
        (e: unknown) => e,
      );
      const status = readApiStatus(err);
      // Denied as the runner (not "cannot impersonate"): impersonation works, the runner simply has no rights.
      return status?.code === 403 && status.message.includes(`User "${probe.user}"`) ? true : undefined;
    });
    return namespace;
  }
  const rbac = adminKc.makeApiClient(k8s.RbacAuthorizationV1Api);
  await rbac.createNamespacedRole({
    namespace,
    body: { metadata: { name: RUNNER_NAME }, rules: [...RUNNER_ROLE_RULES] },
  });
  await rbac.createNamespacedRoleBinding({
    namespace,
    body: {
      metadata: { name: RUNNER_NAME },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: RUNNER_NAME },
      subjects: [{ kind: 'ServiceAccount', name: RUNNER_NAME, namespace }],
    },
  });
  await eventually('runner RBAC in effect', async () => {
    await probe.apps.listNamespacedReplicaSet({ namespace });
    await probe.core.listNamespacedPod({ namespace });
    return true;
  });
  return namespace;
}

export async function createRunner(overrides: Partial<KubeActionRunnerOptions> = {}): Promise<ActionRunner> {
  const { kc } = await getController();
  return createKubeActionRunner({ kc, runnerName: RUNNER_NAME, pollIntervalMs: 250, ...overrides });
}

/** True when no local control plane is available: the action suites skip. */
export const skipActions = clusterUnavailableReason() !== '';

/** One suite's runner namespace and runner, filled in by the suite's first beforeAll. */
export interface RunnerSuite {
  ns: string;
  runner: ActionRunner;
}

/**
 * Registers the suite's first beforeAll (a runner namespace with RBAC, and a runner) and an afterAll that deletes the
 * namespace. Call it first inside `describe`, so the suite's own beforeAll can use `suite.ns` and `suite.runner`.
 */
export function useRunnerSuite(
  prefix: string,
  overrides: Partial<KubeActionRunnerOptions> = {},
): RunnerSuite {
  const suite = { ns: '' } as RunnerSuite;
  beforeAll(async () => {
    suite.ns = await createRunnerNamespace(prefix);
    suite.runner = await createRunner(overrides);
  });
  afterAll(async () => {
    await deleteTestNamespace(suite.ns);
  });
  return suite;
}

export function contextFor(
  kind: WorkloadKind,
  namespace: string,
  name: string,
  extra: { selector?: LabelSelector; signal?: AbortSignal } = {},
): ActionContext {
  return {
    target: { kind, namespace, name },
    signal: extra.signal ?? AbortSignal.timeout(110_000),
    ...(extra.selector ? { selector: extra.selector } : {}),
  };
}

export async function waitDeploymentDone(namespace: string, name: string): Promise<k8s.V1Deployment> {
  const { apps } = getTestCluster();
  return await eventually(`${namespace}/${name} rolled out`, async () => {
    const d = await apps.readNamespacedDeployment({ name, namespace });
    const st = d.status;
    const want = d.spec?.replicas ?? 1;
    const done =
      (st?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) &&
      st?.updatedReplicas === want &&
      st.availableReplicas === want &&
      (st.replicas ?? 0) === want;
    return done ? d : undefined;
  });
}

export function statefulSetManifest(name: string, namespace: string, replicas: number): k8s.V1StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas,
      serviceName: name,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: `registry.example/${name}:1` }] },
      },
    },
  };
}

export function daemonSetManifest(name: string, namespace: string): k8s.V1DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: `registry.example/${name}:1` }] },
      },
    },
  };
}

/** The chat message of a refused action; fails the test if it succeeds or fails with anything else. */
export async function rejectionMessage(p: Promise<unknown>): Promise<UserMessage> {
  const err: unknown = await p.then(
    () => new Error('expected the action to be refused, but it succeeded'),
    (e: unknown) => e,
  );
  if (!isUserFacingError(err)) throw new Error(`expected a UserFacingError, got ${String(err)}`);
  return err.userMessage;
}
