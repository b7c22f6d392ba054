// The controller against a misbehaving API server: down at start, restarted mid-watch, compacted (410), slow.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createControlPlane,
  repoRoot,
  writeKubeconfig,
  type LocalControlPlane,
} from '../../../tools/local-cluster/index.ts';
import { clusterUnavailableReason, eventually } from '../../support/cluster.ts';
import { APP_SECRET, controllerEnv } from '../../support/chat-harness.ts';
import { startControllerProcess, type ControllerProcess } from '../../support/controller-process.ts';
import {
  createCallbackBuilder,
  sendCallback,
  startDingTalkWebhookServer,
  type DingTalkWebhookServer,
} from '../../support/dingtalk/index.ts';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy.ts';

const skip = clusterUnavailableReason() !== '';
const NS = 'faulty';
const GROUP = 'cidFaults==';

describe.skipIf(skip)('Kubernetes API faults', () => {
  // A private etcd + API server: these tests stop, compact and slow it without disturbing other test files.
  let plane: LocalControlPlane;
  let custom: k8s.CustomObjectsApi;
  let webhook: DingTalkWebhookServer;
  let proxy: TcpProxy;
  let proxiedKubeconfig = '';
  let controller: ControllerProcess | undefined;
  const builder = createCallbackBuilder();

  const ready = async (p: ControllerProcess): Promise<number> =>
    (await fetch(`${p.internalUrl}/readyz`)).status;
  const statusReason = async (name: string): Promise<string | undefined> => {
    const o = (await custom.getNamespacedCustomObject({
      group: 'kubetalk.io',
      version: 'v1alpha1',
      plural: 'chatcommands',
      namespace: NS,
      name,
    })) as {
      metadata: { generation: number };
      status?: { observedGeneration?: number; conditions?: Array<{ type: string; reason: string }> };
    };
    if (o.status?.observedGeneration !== o.metadata.generation) return undefined;
    return o.status?.conditions?.find((c) => c.type === 'Ready')?.reason;
  };
  const setUsers = async (name: string, users: string[]): Promise<void> => {
    await custom.patchNamespacedCustomObject(
      {
        group: 'kubetalk.io',
        version: 'v1alpha1',
        plural: 'chatcommands',
        namespace: NS,
        name,
        body: { spec: { allow: { conversations: [GROUP], users } } },
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
  };
  const start = async (kubeconfig: string, env: Record<string, string> = {}): Promise<ControllerProcess> =>
    await startControllerProcess(
      controllerEnv(webhook.host, { KUBECONFIG: kubeconfig, KUBETALK_RESYNC_SECONDS: '2', ...env }),
    );

  beforeAll(async () => {
    plane = await createControlPlane(mkdtempSync(join(tmpdir(), 'kubetalk-faults-')), () => undefined);
    await plane.start({ minimal: true });
    plane.kubectl(['apply', '--server-side', '-f', join(repoRoot, 'crds')]);
    plane.kubectl(['wait', '--for=condition=Established', 'crd/chatcommands.kubetalk.io', '--timeout=60s']);
    plane.kubectl(['create', 'namespace', NS]);
    plane.kubectl(['-n', NS, 'create', 'serviceaccount', 'kubetalk-runner']);
    plane.kubectl([
      '-n',
      NS,
      'create',
      'role',
      'kubetalk-runner',
      '--verb=get,patch,update',
      '--resource=deployments,deployments/scale',
    ]);
    plane.kubectl([
      '-n',
      NS,
      'create',
      'rolebinding',
      'kubetalk-runner',
      '--role=kubetalk-runner',
      `--serviceaccount=${NS}:kubetalk-runner`,
    ]);
    // No controller-manager here: the Deployment is an object to scale, not a workload that rolls out.
    plane.kubectl([
      '-n',
      NS,
      'create',
      'deployment',
      'web',
      '--image=registry.example/web:1',
      '--replicas=1',
    ]);
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(plane.cluster.kubeconfig);
    custom = kc.makeApiClient(k8s.CustomObjectsApi);
    for (const [name, trigger] of [
      ['scale-web', 'scale'],
      ['probe', 'probe'],
    ] as const) {
      await custom.createNamespacedCustomObject({
        group: 'kubetalk.io',
        version: 'v1alpha1',
        plural: 'chatcommands',
        namespace: NS,
        body: {
          apiVersion: 'kubetalk.io/v1alpha1',
          kind: 'ChatCommand',
          metadata: { name, namespace: NS },
          spec: {
            trigger,
            targets: { kind: 'Deployment', names: ['web'] },
            action: { scale: { minReplicas: 1, maxReplicas: 5 } },
            allow: { conversations: [GROUP], users: name === 'probe' ? [] : ['*'] },
          },
        },
      });
    }
    webhook = await startDingTalkWebhookServer();
    proxy = await startTcpProxy(plane.cluster.apiPort);
    proxiedKubeconfig = writeKubeconfig(
      join(plane.stateDir, 'proxied.kubeconfig'),
      `https://127.0.0.1:${proxy.port}`,
      plane.pkiFiles.caCert,
      {
        cert: plane.pkiFiles.adminCert,
        key: plane.pkiFiles.adminKey,
      },
    );
  });
  afterAll(async () => {
    await controller?.stop('SIGKILL');
    await webhook?.close();
    await proxy?.close();
    await plane?.stop();
  });

  it('is not ready while the API server is down at start, and becomes ready once it is back', async () => {
    await plane.stopApiServer();
    controller = await start(plane.cluster.kubeconfig);
    await new Promise((r) => setTimeout(r, 2000));
    expect(await ready(controller)).toBe(503);
    expect(controller.child.exitCode).toBeNull();
    await plane.startApiServer();
    await eventually(
      'ready after the API server returns',
      async () => ((await ready(controller as ControllerProcess)) === 200 ? true : undefined),
      60_000,
    );
    await eventually('status written', async () =>
      (await statusReason('probe')) === 'NobodyAllowed' ? true : undefined,
    );
  });

  it('recovers its watch across an API server restart and sees changes made right after', async () => {
    await plane.stopApiServer();
    await new Promise((r) => setTimeout(r, 1000));
    await plane.startApiServer();
    await setUsers('probe', ['*']);
    await eventually(
      'change seen after restart',
      async () => ((await statusReason('probe')) === 'Accepted' ? true : undefined),
      60_000,
    );
  });

  it('re-lists after its resourceVersion was compacted away (410 Gone)', async () => {
    const p = controller as ControllerProcess;
    const listsBefore = p.logs.filter((l) => l['msg'] === 'listing').length;
    // Move etcd's revision past the watch's, then compact: the watch's resourceVersion no longer exists.
    let rv = '';
    for (let i = 0; i < 5; i++)
      rv = plane.kubectl([
        '-n',
        NS,
        'create',
        'configmap',
        `filler-${i}`,
        '-o',
        'jsonpath={.metadata.resourceVersion}',
      ]);
    const res = await fetch(`http://127.0.0.1:${plane.cluster.etcdPort}/v3/kv/compaction`, {
      method: 'POST',
      body: JSON.stringify({ revision: rv, physical: true }),
    });
    expect(res.ok).toBe(true);
    await plane.stopApiServer();
    await plane.startApiServer();
    await setUsers('probe', []);
    await eventually(
      'change seen after compaction',
      async () => ((await statusReason('probe')) === 'NobodyAllowed' ? true : undefined),
      60_000,
    );
    expect(p.logs.filter((l) => l['msg'] === 'listing').length).toBeGreaterThan(listsBefore);
  });

  it('answers a clear timeout when the API server is too slow', async () => {
    await controller?.stop();
    controller = await start(proxiedKubeconfig, { KUBETALK_ACTION_TIMEOUT_SECONDS: '2' });
    await eventually('ready', async () =>
      (await ready(controller as ControllerProcess)) === 200 ? true : undefined,
    );
    proxy.setDelay(4000);
    try {
      const body = builder.buildGroupMessage({
        message: 'scale web 3',
        conversationId: GROUP,
        sender: { staffId: 'alice01' },
        sessionWebhook: webhook.createSession(),
      });
      const res = await sendCallback(`${controller.publicUrl}/callbacks/dingtalk`, body, {
        secret: APP_SECRET,
      });
      expect(res.status).toBe(200);
      const [reply] = await webhook.waitForMessages(1, { session: body.sessionWebhook, timeoutMs: 30_000 });
      expect(reply?.text).toMatch(/did not answer in time/);
    } finally {
      proxy.setDelay(0);
    }
  });
});
