// Issue 19, point 2, end to end: an alert from a real Alertmanager about a broken Deployment arrives with the
// diagnosis under it (computed as the namespace's runner), and a second notification of the same alert group
// reuses it instead of diagnosing again. kwok runs no containers: the image-pull state and events are written as
// the kubelet would (test/e2e/actions/kubelet-double.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clusterUnavailableReason,
  createTestNamespace,
  deleteTestNamespace,
  deploymentManifest,
  eventually,
  getTestCluster,
} from '../../support/cluster.ts';
import {
  APP_SECRET,
  controllerKubeconfig,
  createRunner,
  grantCoordination,
  installCrd,
} from '../../support/chat-harness.ts';
import { startControllerProcess, type ControllerProcess } from '../../support/controller-process.ts';
import { startOpenApiServer, type OpenApiServer } from '../../support/dingtalk/index.ts';
import { findAlertmanager, startAlertmanager, type Alertmanager } from '../../support/alertmanager.ts';
import {
  notReadyStatus,
  recordKubeletEvent,
  waitForKwokPods,
  writeKubeletStatus,
} from '../actions/kubelet-double.ts';

const skip = clusterUnavailableReason() !== '' || findAlertmanager() === undefined;
const TOKEN = 'e2e-diagnosis-token-0123456789abcdef';
const CLIENT_ID = 'dingdiage2e';
const GROUP = 'cidDiagnosis==';

describe.skipIf(skip)('a diagnosis under an alert from a real Alertmanager', () => {
  let ns = '';
  let coord = '';
  let openapi: OpenApiServer;
  let controller: ControllerProcess;
  let am: Alertmanager;
  const texts = (): string[] => openapi.deliveries().map((d) => String(d.param['text']));

  beforeAll(async () => {
    installCrd();
    getTestCluster().plane.kubectl([
      'wait',
      '--for=condition=Established',
      'crd/alertroutes.kubetalk.io',
      '--timeout=60s',
    ]);
    ns = await createTestNamespace('alerts-diag');
    coord = await createTestNamespace('alerts-diag-coord');
    grantCoordination(coord);
    createRunner(ns);
    await getTestCluster().apps.createNamespacedDeployment({
      namespace: ns,
      body: deploymentManifest('pull', ns, 1),
    });
    const [pod] = await waitForKwokPods(ns, 'pull', 1);
    if (!pod) throw new Error('no pod');
    await writeKubeletStatus(ns, pod.metadata?.name ?? '', (p) =>
      notReadyStatus(p, 'Pending', {
        state: {
          waiting: {
            reason: 'ImagePullBackOff',
            message: 'Back-off pulling image "registry.example/pull:1"',
          },
        },
      }),
    );
    await recordKubeletEvent(pod, 'Failed', 'Failed to pull image "registry.example/pull:1": not found', {
      count: 3,
    });
    await recordKubeletEvent(pod, 'BackOff', 'Back-off pulling image "registry.example/pull:1"', {
      count: 9,
    });
    getTestCluster().plane.kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'kubetalk.io/v1alpha1',
        kind: 'AlertRoute',
        metadata: { name: 'diagnosed', namespace: ns },
        spec: { to: { conversationId: GROUP }, diagnose: true },
      }),
    );
    openapi = await startOpenApiServer({
      appKey: CLIENT_ID,
      appSecret: APP_SECRET,
      robotCode: CLIENT_ID,
      conversations: [GROUP],
    });
    controller = await startControllerProcess({
      KUBECONFIG: controllerKubeconfig(),
      KUBETALK_DINGTALK_APP_SECRET: APP_SECRET,
      KUBETALK_DINGTALK_CLIENT_ID: CLIENT_ID,
      KUBETALK_DINGTALK_API_URL: openapi.baseUrl,
      KUBETALK_DINGTALK_API_ALLOWED_HOSTS: openapi.host,
      KUBETALK_DINGTALK_API_ALLOW_INSECURE: 'true',
      KUBETALK_ALERTS_TOKEN: TOKEN,
      KUBETALK_NAMESPACES: ns,
      KUBETALK_COORDINATION_NAMESPACE: coord,
      KUBETALK_RESYNC_SECONDS: '2',
    });
    await eventually('AlertRoute Ready', () =>
      Promise.resolve(
        getTestCluster()
          .plane.kubectl([
            'get',
            'alertroute',
            'diagnosed',
            '-n',
            ns,
            '-o',
            'jsonpath={.status.conditions[0].reason}',
          ])
          .trim() === 'Accepted'
          ? true
          : undefined,
      ),
    );
    am = await startAlertmanager({ webhookUrl: `${controller.publicUrl}/alerts/alertmanager`, token: TOKEN });
  }, 180_000);

  afterAll(async () => {
    await am?.stop();
    await controller?.stop();
    await openapi?.close();
    for (const n of [ns, coord]) if (n) await deleteTestNamespace(n);
  });

  it('names the cause with its evidence under the alert, and reuses it for the next notification of the group', async () => {
    const labels = {
      alertname: 'KubeDeploymentReplicasMismatch',
      namespace: ns,
      deployment: 'pull',
      severity: 'warning',
    };
    await am.postAlerts([
      { labels: { ...labels, instance: 'a' }, annotations: { summary: 'pull has no ready replica' } },
    ]);
    const first = await eventually('first message', () => Promise.resolve(texts()[0]), 30_000);
    expect(first).toContain('Diagnosis of deployment/pull');
    expect(first).toContain('registry.example/pull:1');
    expect(first).toMatch(/ImagePullBackOff|cannot be pulled/);

    // A second alert joins the same group (same alertname and namespace): Alertmanager notifies again.
    await am.postAlerts([{ labels: { ...labels, instance: 'b' } }]);
    const second = await eventually('second message', () => Promise.resolve(texts()[1]), 30_000);
    expect(second).toContain('Diagnosis of deployment/pull');
    const computed = controller.logs.filter((r) => r['msg'] === 'alert diagnosis computed');
    expect(computed).toHaveLength(1);
  });
});
