// The shipped image, run as the chart would run it: podman, read-only root, no capabilities, user 10001, host
// network, the chart's ServiceAccount token mounted where the kubelet mounts it — against the local control plane.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../tools/local-cluster/index.ts';
import {
  clusterUnavailableReason,
  createTestNamespace,
  deleteTestNamespace,
  deploymentManifest,
  eventually,
  getTestCluster,
} from '../../support/cluster.ts';
import { adminClient, applyChatCommand, APP_SECRET, waitForReady } from '../../support/chat-harness.ts';
import {
  startControllerProcess,
  type ControllerLauncher,
  type ControllerProcess,
} from '../../support/controller-process.ts';
import {
  createCallbackBuilder,
  sendCallback,
  startDingTalkWebhookServer,
  type DingTalkWebhookServer,
} from '../../support/dingtalk/index.ts';
import { helm, installChart } from '../../support/helm.ts';

const IMAGE = process.env['KUBETALK_IMAGE'] ?? 'localhost/kubetalk:ci';
const RELEASE = 'kt-image';
const GROUP = 'cidImageGroup==';
const GRACE_SECONDS = 30; // the chart's default terminationGracePeriodSeconds
// CI's podman settings (runc, cgroupfs, no default ulimits): the ones the image was built with.
const podmanEnv = { ...process.env, CONTAINERS_CONF: join(repoRoot, 'scripts', 'image', 'containers.conf') };

const podman = (args: readonly string[]) =>
  spawnSync('podman', args, { env: podmanEnv, encoding: 'utf8', timeout: 60_000 });
const hasPodman = podman(['--version']).status === 0;
const inCi = process.env['CI'] === 'true';
if (!hasPodman && !inCi) {
  const banner = '!'.repeat(100);
  console.error(
    `\n${banner}\n!!! IMAGE E2E TESTS SKIPPED: podman is not installed (CI installs it; see .ci/run)\n${banner}\n`,
  );
}
const skip = clusterUnavailableReason() !== '' || (!hasPodman && !inCi);

/** A directory the container's user 10001 can read (mkdtemp makes 0700 ones). */
function readableDir(prefix: string, files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(dir, name), content, { mode: 0o644 });
  return dir;
}

/** The chart's container environment (as the kubelet would resolve it) and its app-secret volume's files. */
async function chartContainer(
  releaseNs: string,
): Promise<{ env: Record<string, string>; secretDir: string }> {
  const { apps, core } = getTestCluster();
  const d = await apps.readNamespacedDeployment({ name: `${RELEASE}-kubetalk`, namespace: releaseNs });
  const pod = d.spec?.template.spec;
  const volume = pod?.volumes?.find((v) => v.name === 'app-secret');
  const secret = await core.readNamespacedSecret({
    name: volume?.secret?.secretName ?? '',
    namespace: releaseNs,
  });
  const files: Record<string, Buffer> = {};
  for (const item of volume?.secret?.items ?? []) {
    files[item.path] = Buffer.from(secret.data?.[item.key] ?? '', 'base64');
  }
  const env: Record<string, string> = {};
  for (const e of pod?.containers[0]?.env ?? []) {
    if (e.value !== undefined) env[e.name] = e.value;
    else if (e.valueFrom?.fieldRef?.fieldPath === 'metadata.name') env[e.name] = 'kt-image-pod-0';
    else if (e.valueFrom?.fieldRef?.fieldPath === 'metadata.namespace') env[e.name] = releaseNs;
  }
  return { env, secretDir: readableDir('kubetalk-image-secret-', files) };
}

/** What the kubelet mounts for an automounted ServiceAccount: a TokenRequest token, the cluster CA, the namespace. */
async function serviceAccountDir(releaseNs: string): Promise<string> {
  const { core, plane } = getTestCluster();
  const tr = await core.createNamespacedServiceAccountToken({
    name: `${RELEASE}-kubetalk`,
    namespace: releaseNs,
    body: { spec: { expirationSeconds: 3600, audiences: [] } },
  });
  const token = tr.status?.token ?? '';
  expect(token).not.toBe('');
  return readableDir('kubetalk-image-sa-', {
    token,
    'ca.crt': readFileSync(plane.pkiFiles.caCert),
    namespace: releaseNs,
  });
}

describe.skipIf(skip)('the container image', () => {
  let releaseNs = '';
  let appNs = '';
  let webhook: DingTalkWebhookServer;
  let controller: ControllerProcess | undefined;
  const name = `kubetalk-e2e-${process.pid}-${Date.now()}`;
  const builder = createCallbackBuilder();

  beforeAll(async () => {
    if (!hasPodman) throw new Error('podman is required under CI=true (.ci/run installs it)');
    if (podman(['image', 'exists', IMAGE]).status !== 0) {
      // Locally, build it once (minutes); CI builds it before the tests (.ci/run).
      const built = spawnSync('bash', [join(repoRoot, 'scripts', 'image', 'build-image.sh'), IMAGE], {
        stdio: 'inherit',
      });
      if (built.status !== 0) throw new Error(`building ${IMAGE} failed`);
    }
    releaseNs = await createTestNamespace('kubetalk-image');
    appNs = await createTestNamespace('img-shop');
    webhook = await startDingTalkWebhookServer();
    const { state } = getTestCluster();
    installChart({
      release: RELEASE,
      namespace: releaseNs,
      appSecret: APP_SECRET,
      runnerNamespaces: [appNs],
      replyHost: webhook.host,
      kubeconfig: state.kubeconfig,
    });
    await getTestCluster().apps.createNamespacedDeployment({
      namespace: appNs,
      body: deploymentManifest('web', appNs, 1),
    });
  }, 900_000);

  afterAll(async () => {
    if (controller) await controller.stop('SIGKILL');
    if (hasPodman) podman(['rm', '--force', '--ignore', name]);
    await webhook?.close();
    if (releaseNs === '') return;
    try {
      helm(['uninstall', RELEASE, '--namespace', releaseNs], getTestCluster().state.kubeconfig);
    } catch {
      // not installed
    }
    for (const ns of [releaseNs, appNs]) await deleteTestNamespace(ns);
  });

  it('runs read-only, without capabilities, as 10001, with the chart SA token: /readyz answers', async () => {
    const { env, secretDir } = await chartContainer(releaseNs);
    const saDir = await serviceAccountDir(releaseNs);
    const server = new URL(getTestCluster().state.server);
    const launch: ControllerLauncher = (procEnv) =>
      spawn(
        'podman',
        [
          'run',
          '--rm',
          '--name',
          name,
          '--read-only',
          '--cap-drop=ALL',
          '--security-opt=no-new-privileges',
          '--user=10001:10001',
          '--network=host',
          '--tmpfs=/tmp',
          `--volume=${secretDir}:/var/run/secrets/kubetalk:ro`,
          `--volume=${saDir}:/var/run/secrets/kubernetes.io/serviceaccount:ro`,
          ...Object.entries(procEnv).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
          IMAGE,
        ],
        { env: podmanEnv, stdio: ['ignore', 'pipe', 'pipe'] },
      );
    controller = await startControllerProcess(
      {
        ...env,
        // In-cluster configuration, as in a pod: the API server's address and the mounted token.
        KUBERNETES_SERVICE_HOST: server.hostname,
        KUBERNETES_SERVICE_PORT: server.port,
        // Host network: listen on loopback only, on free ports; watch only this file's namespace (shared plane).
        KUBETALK_PUBLIC_PORT: '0',
        KUBETALK_INTERNAL_PORT: '0',
        KUBETALK_BIND_ADDRESS: '127.0.0.1',
        KUBETALK_NAMESPACES: appNs,
        KUBETALK_REPLY_ALLOW_INSECURE_HTTP: 'true',
        KUBETALK_RESYNC_SECONDS: '2',
      },
      120_000,
      launch,
    );
    const internalUrl = controller.internalUrl;
    await eventually('ready', async () => ((await fetch(`${internalUrl}/readyz`)).ok ? true : undefined));
    const inspect = podman(['inspect', '--format', '{{.Config.User}} {{.HostConfig.ReadonlyRootfs}}', name]);
    expect(inspect.stdout.trim()).toBe('10001:10001 true');
  });

  it('a signed scale callback to the container changes the Deployment and the reply reaches the double', async () => {
    const rig = adminClient();
    await applyChatCommand(rig, {
      name: 'scale-web',
      namespace: appNs,
      spec: {
        trigger: 'scale',
        targets: { kind: 'Deployment', names: ['web'] },
        action: { scale: { minReplicas: 1, maxReplicas: 4 } },
        allow: { conversations: [GROUP], users: ['*'] },
      },
    });
    await waitForReady(rig, appNs, 'scale-web', 'Accepted');
    const body = builder.buildGroupMessage({
      message: 'scale web 3',
      conversationId: GROUP,
      sender: { staffId: 'alice01', nick: 'Alice' },
      sessionWebhook: webhook.createSession(),
    });
    const res = await sendCallback(`${controller?.publicUrl ?? ''}/callbacks/dingtalk`, body, {
      secret: APP_SECRET,
    });
    expect(res.status).toBe(200);
    const [reply] = await webhook.waitForMessages(1, { session: body.sessionWebhook, timeoutMs: 30_000 });
    expect(reply?.text ?? '').toMatch(/1 → 3/);
    const { apps } = getTestCluster();
    expect((await apps.readNamespacedDeployment({ name: 'web', namespace: appNs })).spec?.replicas).toBe(3);
  });

  it('stops on SIGTERM within the grace period, exit code 0', async () => {
    const c = controller;
    if (!c) throw new Error('container not running');
    const t0 = performance.now();
    const code = await c.stop('SIGTERM');
    const seconds = (performance.now() - t0) / 1000;
    controller = undefined;
    expect(code).toBe(0);
    expect(seconds).toBeLessThan(GRACE_SECONDS);
    expect(podman(['container', 'exists', name]).status).not.toBe(0);
  });
});
