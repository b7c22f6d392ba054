// `kubetalk say --stream`: the simulator plays DingTalk's Stream gateway, kubetalk connects out to it (the path
// `npm run demo -- --stream` uses), and a message pushed over the socket scales the Deployment.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForDemoCommands } from '../../../scripts/demo-ready.ts';
import { setUpDemo } from '../../../scripts/demo-setup.ts';
import { controllerEnv, controllerKubeconfig } from '../../support/chat-harness.ts';
import { clusterUnavailableReason, deleteTestNamespace, getTestCluster } from '../../support/cluster.ts';
import { startControllerProcess, type ControllerProcess } from '../../support/controller-process.ts';
import { freePort, SECRET, startCli } from './cli-rig.ts';

const skip = clusterUnavailableReason() !== '';

describe.skipIf(skip)('kubetalk say --stream (e2e)', () => {
  const namespace = `say-stream-${randomBytes(4).toString('hex')}`;
  const conversation = `cidE2E-${namespace}==`;
  const user = `staff-${namespace}`;
  let controller: ControllerProcess | undefined;

  const gateway = { port: 0, webhookPort: 0 };

  beforeAll(async () => {
    const { state } = getTestCluster();
    gateway.port = await freePort();
    gateway.webhookPort = await freePort();
    const demo = await setUpDemo({
      kubeconfig: state.kubeconfig,
      namespace,
      allow: { conversations: [conversation], users: [user] },
      rolloutTimeoutMs: 60_000,
    });
    // kubetalk first, so it writes the ChatCommands' status; it keeps retrying the gateway (with back-off)
    // until the simulator opens it below.
    const gatewayHost = `127.0.0.1:${gateway.port}`;
    controller = await startControllerProcess(
      controllerEnv(`127.0.0.1:${gateway.webhookPort}`, {
        KUBECONFIG: controllerKubeconfig(),
        KUBETALK_DINGTALK_APP_SECRET: SECRET,
        KUBETALK_NAMESPACES: namespace,
        KUBETALK_RESYNC_SECONDS: '2',
        KUBETALK_DINGTALK_MODE: 'stream',
        KUBETALK_DINGTALK_CLIENT_ID: 'e2e-stream-client',
        KUBETALK_DINGTALK_STREAM_GATEWAY_URL: `http://${gatewayHost}`,
        KUBETALK_DINGTALK_API_ALLOWED_HOSTS: `${gatewayHost},api.dingtalk.com`,
        KUBETALK_DINGTALK_API_ALLOW_INSECURE: 'true',
      }),
    );
    const pending = await waitForDemoCommands(state.kubeconfig, namespace, demo.commands, () => undefined);
    expect(pending).toEqual([]);
  });
  afterAll(async () => {
    await controller?.stop();
    await deleteTestNamespace(namespace);
  });

  it('pushes `scale web 4` over the Stream socket; the Deployment changes and the reply comes back', async () => {
    const say = startCli([
      'say',
      '--stream',
      '--gateway-port',
      String(gateway.port),
      '--client-id',
      'e2e-stream-client',
      '--secret',
      SECRET,
      '--webhook-port',
      String(gateway.webhookPort),
      '--as',
      user,
      '--conversation',
      conversation,
      '--timeout',
      '120',
      'scale web 4',
    ]);
    say.end();
    const r = await say.done;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`✅ *scaled deployment/web in ${namespace}: 2 → 4*\n`);
    const d = await getTestCluster().apps.readNamespacedDeployment({ name: 'web', namespace });
    expect(d.spec?.replicas).toBe(4);
  });
});
