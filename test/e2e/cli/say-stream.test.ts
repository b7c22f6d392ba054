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

  beforeAll(async () => {
    const { state } = getTestCluster();
    const demo = await setUpDemo({
      kubeconfig: state.kubeconfig,
      namespace,
      allow: { conversations: [conversation], users: [user] },
      rolloutTimeoutMs: 60_000,
    });
    const pending = await waitForDemoCommands(state.kubeconfig, namespace, demo.commands, () => undefined);
    expect(pending).toEqual([]);
  });
  afterAll(async () => {
    await controller?.stop();
    await deleteTestNamespace(namespace);
  });

  it('pushes `scale web 4` over the Stream socket; the Deployment changes and the reply comes back', async () => {
    const [gatewayPort, webhookPort] = [await freePort(), await freePort()];
    // The simulator first: it plays the gateway kubetalk connects out to.
    const say = startCli([
      'say',
      '--stream',
      '--gateway-port',
      String(gatewayPort),
      '--client-id',
      'e2e-stream-client',
      '--secret',
      SECRET,
      '--webhook-port',
      String(webhookPort),
      '--as',
      user,
      '--conversation',
      conversation,
      '--timeout',
      '60',
      'scale web 4',
    ]);
    say.end();
    const gatewayHost = `127.0.0.1:${gatewayPort}`;
    controller = await startControllerProcess(
      controllerEnv(`127.0.0.1:${webhookPort}`, {
        KUBECONFIG: controllerKubeconfig(),
        KUBETALK_DINGTALK_APP_SECRET: SECRET,
        KUBETALK_NAMESPACES: namespace,
        KUBETALK_DINGTALK_MODE: 'stream',
        KUBETALK_DINGTALK_CLIENT_ID: 'e2e-stream-client',
        KUBETALK_DINGTALK_STREAM_GATEWAY_URL: `http://${gatewayHost}`,
        KUBETALK_DINGTALK_API_ALLOWED_HOSTS: gatewayHost,
        KUBETALK_DINGTALK_API_ALLOW_INSECURE: 'true',
      }),
    );
    const r = await say.done;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`✅ *scaled deployment/web in ${namespace}: 2 → 4*\n`);
    const d = await getTestCluster().apps.readNamespacedDeployment({ name: 'web', namespace });
    expect(d.spec?.replicas).toBe(4);
  });
});
