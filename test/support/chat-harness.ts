// End-to-end rig: the CRD, a least-privilege controller identity, the controller process, and the DingTalk double.
import { renderRunnerObjects } from '../../src/actions/runner-rbac.ts';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { issueClientCert, repoRoot, writeKubeconfig } from '../../tools/local-cluster/index.ts';
import { eventually, getTestCluster } from './cluster.ts';
import { startControllerProcess, type ControllerProcess } from './controller-process.ts';
import {
  createCallbackBuilder,
  sendCallback,
  startDingTalkWebhookServer,
  type CallbackBuilder,
  type CallbackResponse,
  type CallbackSpec,
  type DingTalkCallbackBody,
  type DingTalkWebhookServer,
  type RecordedMessage,
} from './dingtalk/index.ts';

export const APP_SECRET = 'e2e-app-secret';
export const CONTROLLER_USER = 'kubetalk-controller';

export interface ChatRig {
  readonly controller: ControllerProcess;
  readonly webhook: DingTalkWebhookServer;
  readonly builder: CallbackBuilder;
  readonly callbackUrl: string;
  readonly custom: k8s.CustomObjectsApi;
  /** Sends a group message and waits for `replies` replies on its session. */
  say(
    text: string,
    spec?: Partial<CallbackSpec>,
    replies?: number,
  ): Promise<{ response: CallbackResponse; replies: RecordedMessage[]; body: DingTalkCallbackBody }>;
  post(body: unknown): Promise<CallbackResponse>;
  stop(): Promise<void>;
}

let crdInstalled = false;

export function installCrd(): void {
  if (crdInstalled) return;
  const { plane } = getTestCluster();
  // Other suites (the demo's) may have applied it under another field manager: take ownership, the content is the same.
  plane.kubectl([
    'apply',
    '--server-side',
    '--force-conflicts',
    '--field-manager=kubetalk-e2e',
    '-f',
    join(repoRoot, 'crds'),
  ]);
  plane.kubectl(['wait', '--for=condition=Established', 'crd/chatcommands.kubetalk.io', '--timeout=60s']);
  plane.kubectl(['wait', '--for=condition=Established', 'crd/chatidentities.kubetalk.io', '--timeout=60s']);
  plane.kubectl(['wait', '--for=condition=Established', 'crd/chatrequests.kubetalk.io', '--timeout=60s']);
  plane.kubectl(['wait', '--for=condition=Established', 'crd/alertroutes.kubetalk.io', '--timeout=60s']);
  crdInstalled = true;
}

/** A kubeconfig for the controller with exactly the chart's ClusterRole (test/fixtures/rbac/controller.yaml). */
export function controllerKubeconfig(): string {
  const { plane, state } = getTestCluster();
  plane.kubectl(['apply', '-f', join(repoRoot, 'test/fixtures/rbac/controller.yaml')]);
  // One file per worker process: e2e files run in parallel workers and must not write the same files at once.
  const { cert, key } = issueClientCert(plane.pkiFiles, `controller-${process.pid}`, CONTROLLER_USER, []);
  return writeKubeconfig(
    join(state.stateDir, `controller-${process.pid}.kubeconfig`),
    state.server,
    plane.pkiFiles.caCert,
    {
      cert,
      key,
    },
  );
}

/** Lets the controller identity coordinate (claims, leader Lease) through Leases in `namespace`. */
export function grantCoordination(namespace: string): void {
  const { plane } = getTestCluster();
  const binding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'kubetalk-controller-coordination', namespace },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'kubetalk-controller-coordination',
    },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: CONTROLLER_USER }],
  };
  plane.kubectl(['apply', '-f', '-'], JSON.stringify(binding));
}

/**
 * The controller environment every e2e rig shares: the test app secret, replies allowed to `webhookHost` over plain
 * HTTP; `extra` (KUBECONFIG and the rest) is added last and may override any of it.
 */
export function controllerEnv(
  webhookHost: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    KUBETALK_DINGTALK_APP_SECRET: APP_SECRET,
    KUBETALK_REPLY_ALLOWED_HOSTS: webhookHost,
    KUBETALK_REPLY_ALLOW_INSECURE_HTTP: 'true',
    ...extra,
  };
}

/**
 * `namespaces` are the only ones the rig's controller watches. e2e files share one control plane, and a controller
 * that watched them all would write the status of other files' ChatCommands: their `waitForReady` could then pass
 * on a status their own controller had not written yet.
 */
export async function startChatRig(
  namespaces: readonly string[],
  env: Record<string, string> = {},
): Promise<ChatRig> {
  installCrd();
  const kubeconfig = controllerKubeconfig();
  const webhook = await startDingTalkWebhookServer();
  const controller = await startControllerProcess(
    controllerEnv(webhook.host, {
      KUBECONFIG: kubeconfig,
      KUBETALK_RESYNC_SECONDS: '2',
      KUBETALK_NAMESPACES: namespaces.join(','),
      ...env,
    }),
  );
  await eventually(
    'controller ready',
    async () => ((await fetch(`${controller.internalUrl}/readyz`)).ok ? true : undefined),
    60_000,
  );
  const builder = createCallbackBuilder({
    createSession: (expiresAt) => webhook.createSession({ expiresAt }),
  });
  const callbackUrl = `${controller.publicUrl}/callbacks/dingtalk`;
  const { kc } = getTestCluster();
  const post = (body: unknown): Promise<CallbackResponse> =>
    sendCallback(callbackUrl, body, { secret: APP_SECRET });
  return {
    controller,
    webhook,
    builder,
    callbackUrl,
    custom: kc.makeApiClient(k8s.CustomObjectsApi),
    post,
    async say(text, spec = {}, replies = 1) {
      const body = builder.buildGroupMessage({ message: text, ...spec });
      const response = await post(body);
      const got =
        replies === 0
          ? []
          : await webhook.waitForMessages(replies, { session: body.sessionWebhook, timeoutMs: 30_000 });
      return { response, replies: got, body };
    },
    async stop() {
      await controller.stop();
      await webhook.close();
    },
  };
}

/** The runner of a namespace with the Role the actions need (the chart will create the same). */
export function createRunner(namespace: string, withRbac = true): void {
  const { plane } = getTestCluster();
  const [account, ...rbac] = renderRunnerObjects(namespace);
  const objs = withRbac ? [account, ...rbac] : [account];
  plane.kubectl(['apply', '-f', '-'], objs.map((o) => JSON.stringify(o)).join('\n'));
}

/** What the ChatCommand helpers need: a CustomObjects client (a rig's, or the admin's from `adminClient()`). */
export type CustomObjectsClient = Pick<ChatRig, 'custom'>;

/** The cluster admin's CustomObjects client, for tests that run their controller without a full rig. */
export function adminClient(): CustomObjectsClient {
  return { custom: getTestCluster().kc.makeApiClient(k8s.CustomObjectsApi) };
}

export interface CommandSpecInput {
  readonly name: string;
  readonly namespace: string;
  readonly spec: Record<string, unknown>;
}

/** A ChatCommand spec on the Deployment `web`: `trigger` runs `action`, allowed for `users` in `conversation`. */
export function commandSpec(c: {
  readonly trigger: string;
  readonly action: Record<string, unknown>;
  readonly conversation: string;
  readonly users: readonly string[];
}): Record<string, unknown> {
  return {
    trigger: c.trigger,
    targets: { kind: 'Deployment', names: ['web'] },
    action: c.action,
    allow: { conversations: [c.conversation], users: [...c.users] },
  };
}

export async function applyChatCommand(rig: CustomObjectsClient, c: CommandSpecInput): Promise<void> {
  const body = {
    apiVersion: 'kubetalk.io/v1alpha1',
    kind: 'ChatCommand',
    metadata: { name: c.name, namespace: c.namespace },
    spec: c.spec,
  };
  try {
    await rig.custom.createNamespacedCustomObject({
      group: 'kubetalk.io',
      version: 'v1alpha1',
      plural: 'chatcommands',
      namespace: c.namespace,
      body,
    });
  } catch (err) {
    if ((err as { code?: number }).code !== 409) throw err;
    const cur = (await rig.custom.getNamespacedCustomObject({
      group: 'kubetalk.io',
      version: 'v1alpha1',
      plural: 'chatcommands',
      namespace: c.namespace,
      name: c.name,
    })) as {
      metadata: { resourceVersion: string };
    };
    await rig.custom.replaceNamespacedCustomObject({
      group: 'kubetalk.io',
      version: 'v1alpha1',
      plural: 'chatcommands',
      namespace: c.namespace,
      name: c.name,
      body: { ...body, metadata: { ...body.metadata, resourceVersion: cur.metadata.resourceVersion } },
    });
  }
}

interface ReadyCondition {
  status: string;
  reason: string;
  message: string;
  observedGeneration?: number;
}

/** Waits until the command's Ready condition has the reason (for its current generation) and returns it. */
export async function waitForReady(
  rig: CustomObjectsClient,
  namespace: string,
  name: string,
  reason: string,
): Promise<ReadyCondition> {
  let last = 'no status';
  const wait = eventually(`${namespace}/${name} Ready reason ${reason}`, async () => {
    const obj = (await rig.custom.getNamespacedCustomObject({
      group: 'kubetalk.io',
      version: 'v1alpha1',
      plural: 'chatcommands',
      namespace,
      name,
    })) as {
      metadata: { generation: number };
      status?: { observedGeneration?: number; conditions?: Array<ReadyCondition & { type: string }> };
    };
    const ready = obj.status?.conditions?.find((c) => c.type === 'Ready');
    last = JSON.stringify(obj.status ?? {});
    return ready && ready.reason === reason && obj.status?.observedGeneration === obj.metadata.generation
      ? ready
      : undefined;
  });
  try {
    return await wait;
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}; last status: ${last}`, {
      cause: err,
    });
  }
}
