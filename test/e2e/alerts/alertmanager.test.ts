// Alerts end to end: a real Alertmanager (built from its Go module) → kubetalk's receiver → the DingTalk doubles
// (OpenAPI group sends and a custom group robot), with AlertRoutes on the local control plane.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clusterUnavailableReason,
  createTestNamespace,
  deleteTestNamespace,
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
import {
  readMetric,
  startControllerProcess,
  type ControllerProcess,
} from '../../support/controller-process.ts';
import {
  OPENAPI_ERROR,
  startCustomRobotServer,
  startOpenApiServer,
  type CustomRobotServer,
  type OpenApiServer,
} from '../../support/dingtalk/index.ts';
import { findAlertmanager, startAlertmanager, type Alertmanager } from '../../support/alertmanager.ts';

const skip = clusterUnavailableReason() !== '' || findAlertmanager() === undefined;
const TOKEN = 'e2e-alert-token-0123456789abcdef';
const CLIENT_ID = 'dingalertse2e';
const GROUP_A = 'cidTeamA==';
const GROUP_B = 'cidTeamB==';
const ROBOT_SECRET = 'SECe2e-robot-signing-secret';

describe.skipIf(skip)('alerts from a real Alertmanager', () => {
  let a = '';
  let b = '';
  let coord = '';
  let openapi: OpenApiServer;
  let robot: CustomRobotServer;
  let controller: ControllerProcess;
  let am: Alertmanager;

  const apply = (obj: unknown): void =>
    void getTestCluster().plane.kubectl(['apply', '-f', '-'], JSON.stringify(obj));
  const route = (ns: string, name: string, spec: Record<string, unknown>): void =>
    apply({
      apiVersion: 'kubetalk.io/v1alpha1',
      kind: 'AlertRoute',
      metadata: { name, namespace: ns },
      spec,
    });
  const readyReason = (ns: string, name: string): string | undefined => {
    const out = getTestCluster().plane.kubectl([
      'get',
      'alertroute',
      name,
      '-n',
      ns,
      '-o',
      'jsonpath={.status.conditions[?(@.type=="Ready")].reason}',
    ]);
    return out.trim() === '' ? undefined : out.trim();
  };
  const groupTexts = (conv: string): string[] =>
    openapi
      .deliveries()
      .filter((d) => d.to === conv)
      .map((d) => String(d.param['text']));
  const postToKubetalk = (body: unknown, token = TOKEN): Promise<Response> =>
    fetch(`${controller.publicUrl}/alerts/alertmanager`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
  const payload = (ns: string, alertname: string, extra: Record<string, string> = {}, n = 1) => ({
    version: '4',
    groupKey: `{}:{alertname="${alertname}"}`,
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'kubetalk',
    groupLabels: { alertname },
    commonLabels: { alertname, namespace: ns },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example',
    alerts: Array.from({ length: n }, (_, i) => ({
      status: 'firing',
      labels: { alertname, namespace: ns, pod: `web-${i}`, ...extra },
      annotations: { summary: `pod web-${i} is unhappy`, description: 'x'.repeat(500) },
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example/graph',
      fingerprint: `${alertname}${i}`.padEnd(16, '0').slice(0, 16),
    })),
  });

  const controllerEnv = (): Record<string, string> => ({
    KUBECONFIG: controllerKubeconfig(),
    KUBETALK_DINGTALK_APP_SECRET: APP_SECRET,
    KUBETALK_DINGTALK_CLIENT_ID: CLIENT_ID,
    KUBETALK_DINGTALK_API_URL: openapi.baseUrl,
    KUBETALK_DINGTALK_API_ALLOWED_HOSTS: openapi.host,
    KUBETALK_DINGTALK_API_ALLOW_INSECURE: 'true',
    KUBETALK_ALERTS_TOKEN: TOKEN,
    KUBETALK_ALERTS_ROBOT_ALLOWED_HOSTS: robot.host,
    KUBETALK_NAMESPACES: `${a},${b}`,
    KUBETALK_COORDINATION_NAMESPACE: coord,
    KUBETALK_RESYNC_SECONDS: '2',
  });

  beforeAll(async () => {
    installCrd();
    getTestCluster().plane.kubectl([
      'wait',
      '--for=condition=Established',
      'crd/alertroutes.kubetalk.io',
      '--timeout=60s',
    ]);
    a = await createTestNamespace('alerts-a');
    b = await createTestNamespace('alerts-b');
    coord = await createTestNamespace('alerts-coord');
    grantCoordination(coord);
    createRunner(a);
    createRunner(b);
    // The namespace owner lets the runner read exactly the robot Secrets (least privilege: resourceNames).
    apply({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'kubetalk-runner-robots', namespace: a },
      rules: [
        {
          apiGroups: [''],
          resources: ['secrets'],
          verbs: ['get'],
          resourceNames: ['robot', 'robot-badsign'],
        },
      ],
    });
    apply({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'kubetalk-runner-robots', namespace: a },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'kubetalk-runner-robots' },
      subjects: [{ kind: 'ServiceAccount', name: 'kubetalk-runner', namespace: a }],
    });
    openapi = await startOpenApiServer({
      appKey: CLIENT_ID,
      appSecret: APP_SECRET,
      robotCode: CLIENT_ID,
      conversations: [GROUP_A, GROUP_B],
    });
    robot = await startCustomRobotServer({
      robots: [
        { accessToken: 'tok-robot', secret: ROBOT_SECRET },
        { accessToken: 'tok-badsign', secret: ROBOT_SECRET },
      ],
    });
    const secret = (name: string, url: string, signing: string) =>
      apply({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name, namespace: a },
        stringData: { url, secret: signing },
      });
    secret('robot', robot.urlOf('tok-robot'), ROBOT_SECRET);
    secret('robot-badsign', robot.urlOf('tok-badsign'), 'SECnot-the-robots-secret');
    route(a, 'team-a', {
      match: ['severity=~"critical|warning"', 'route!="robot"'],
      to: { conversationId: GROUP_A },
      mentions: {
        staffIds: ['lead01'],
        bySeverity: { critical: ['oncall01'] },
        byLabel: { label: 'team', staffIds: { shop: ['alice01'] } },
      },
      actions: [
        { title: 'Restart', command: 'restart {{ labels.deployment }}' },
        { title: 'Logs', command: 'logs {{ labels.pod }} --tail 50' },
      ],
    });
    route(a, 'robot', { match: ['route="robot"'], to: { robot: { secretName: 'robot' } } });
    route(a, 'robot-badsign', { match: ['route="badsign"'], to: { robot: { secretName: 'robot-badsign' } } });
    route(b, 'everything', { to: { conversationId: GROUP_B } });
    controller = await startControllerProcess(controllerEnv());
    await eventually('controller ready', async () =>
      (await fetch(`${controller.internalUrl}/readyz`)).ok ? true : undefined,
    );
    for (const [ns, name] of [
      [a, 'team-a'],
      [a, 'robot'],
      [b, 'everything'],
    ] as const)
      await eventually(`${ns}/${name} Ready`, () =>
        Promise.resolve(readyReason(ns, name) === 'Accepted' ? true : undefined),
      );
    am = await startAlertmanager({ webhookUrl: `${controller.publicUrl}/alerts/alertmanager`, token: TOKEN });
  }, 180_000);

  afterAll(async () => {
    await am?.stop();
    await controller?.stop();
    await openapi?.close();
    await robot?.close();
    for (const ns of [a, b, coord]) if (ns) await deleteTestNamespace(ns);
  });

  it('delivers a firing alert to its namespace’s group with mentions and one-tap buttons, then its resolution', async () => {
    const startsAt = new Date(Date.now() - 5 * 60_000).toISOString();
    const labels = {
      alertname: 'WebDown',
      namespace: a,
      severity: 'critical',
      deployment: 'web',
      pod: 'web-7d9f',
      team: 'shop',
    };
    await am.postAlerts([
      {
        labels,
        annotations: { summary: 'web is down', runbook_url: 'https://runbooks.example/web' },
        startsAt,
      },
    ]);
    const firing = await eventually(
      'firing message in group A',
      () => Promise.resolve(groupTexts(GROUP_A).find((t) => t.includes('WebDown'))),
      30_000,
    );
    expect(firing).toContain('Firing: WebDown');
    expect(firing).toContain('web is down');
    expect(firing).toContain('dtmd://dingtalkclient/sendMessage?content=restart%20web');
    expect(firing).toContain('dtmd://dingtalkclient/sendMessage?content=logs%20web-7d9f%20--tail%2050');
    expect(firing).toContain('[Runbook](https://runbooks.example/web)');
    for (const id of ['lead01', 'oncall01', 'alice01']) expect(firing).toContain(`@${id}`);

    await am.postAlerts([{ labels, startsAt, endsAt: new Date().toISOString() }]);
    const resolved = await eventually(
      'resolved message',
      () => Promise.resolve(groupTexts(GROUP_A).find((t) => t.includes('Resolved: WebDown'))),
      30_000,
    );
    expect(resolved).toMatch(/resolved after \d+m \(fired at /);
    expect(resolved).not.toContain('@oncall01');
    expect(groupTexts(GROUP_A).filter((t) => t.includes('WebDown'))).toHaveLength(2);
  });

  it('keeps tenants apart: a’s alert never reaches b’s match-everything route, and b’s never reaches a', async () => {
    await am.postAlerts([
      { labels: { alertname: 'TenancyA', namespace: a, severity: 'warning' } },
      { labels: { alertname: 'TenancyB', namespace: b, severity: 'critical' } },
      { labels: { alertname: 'NoNamespace', severity: 'critical' } },
    ]);
    await eventually(
      'b gets its own alert',
      () => Promise.resolve(groupTexts(GROUP_B).find((t) => t.includes('TenancyB'))),
      30_000,
    );
    await eventually(
      'a gets its own alert',
      () => Promise.resolve(groupTexts(GROUP_A).find((t) => t.includes('TenancyA'))),
      30_000,
    );
    await new Promise((r) => setTimeout(r, 3_000));
    expect(groupTexts(GROUP_B).some((t) => t.includes('TenancyA') || t.includes('WebDown'))).toBe(false);
    expect(groupTexts(GROUP_A).some((t) => t.includes('TenancyB'))).toBe(false);
    // No cluster-wide namespace is configured: an alert without a namespace label reaches nobody.
    expect([...groupTexts(GROUP_A), ...groupTexts(GROUP_B)].some((t) => t.includes('NoNamespace'))).toBe(
      false,
    );
    expect(
      await readMetric(controller.internalUrl, 'kubetalk_alerts_dropped_total', { reason: 'tenancy' }),
    ).toBeGreaterThan(0);
  });

  it('signs custom robot sends; a 130101 makes Alertmanager retry and the message arrives exactly once', async () => {
    robot.failNext(1, 130101);
    await am.postAlerts([
      { labels: { alertname: 'RobotOnce', namespace: a, route: 'robot', severity: 'warning' } },
    ]);
    await robot.waitForMessages(1, { accessToken: 'tok-robot', timeoutMs: 30_000 });
    await new Promise((r) => setTimeout(r, 5_000));
    const got = robot.messages('tok-robot').filter((m) => m.text.includes('RobotOnce'));
    expect(got).toHaveLength(1);
    const answers = robot.answers().filter((x) => x.accessToken === 'tok-robot');
    expect(answers.some((x) => x.errcode === 130101)).toBe(true);
    expect(answers.some((x) => x.errcode === 310000)).toBe(false);
    expect(
      await readMetric(controller.internalUrl, 'kubetalk_alert_deliveries_total', {
        to: 'robot',
        result: 'failed',
      }),
    ).toBeGreaterThan(0);
  });

  it('a bad sign is refused by the robot (310000): nothing is posted, Alertmanager is told to retry, the route gets an Event', async () => {
    const res = await postToKubetalk(payload(a, 'BadSign', { route: 'badsign' }));
    expect(res.status).toBe(503);
    expect(
      robot
        .answers()
        .some(
          (x) => x.accessToken === 'tok-badsign' && x.errcode === 310000 && x.errmsg === 'sign not match',
        ),
    ).toBe(true);
    expect(robot.messages('tok-badsign')).toHaveLength(0);
    const events = await eventually('AlertDeliveryFailed Event', async () => {
      const list = await getTestCluster().core.listNamespacedEvent({
        namespace: a,
        fieldSelector: 'involvedObject.name=robot-badsign',
      });
      return list.items.find((e) => e.reason === 'AlertDeliveryFailed');
    });
    expect(events.message).toContain('310000');
  });

  it('never sends over 20,000 bytes and at most 20 messages a minute to one robot', async () => {
    const big = await postToKubetalk(payload(a, 'Huge', { route: 'robot' }, 400));
    expect(big.status).toBe(200);
    const huge = robot.messages('tok-robot').find((m) => m.text.includes('Huge'));
    expect(huge?.text).toMatch(/…and \d+ more alerts not shown here\./);
    const statuses: number[] = [];
    for (let i = 0; i < 24; i++)
      statuses.push((await postToKubetalk(payload(a, `Burst${i}`, { route: 'robot' }))).status);
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
    const lastMinute = robot.messages('tok-robot').filter((m) => m.at > Date.now() - 60_000);
    expect(lastMinute.length).toBeLessThanOrEqual(20);
    // kubetalk held back before DingTalk had to refuse: no 130101 beyond the one injected, no 460101 ever.
    expect(robot.answers().filter((x) => x.errcode === 130101)).toHaveLength(1);
    expect(robot.answers().every((x) => x.bytes <= 20_000 && x.errcode !== 460101)).toBe(true);
  });

  it('OpenAPI flow control past the sender’s own retries makes Alertmanager retry; the message arrives once', async () => {
    openapi.throttleNext(5);
    await am.postAlerts([{ labels: { alertname: 'Throttled', namespace: b, severity: 'critical' } }]);
    await eventually(
      'throttled alert delivered',
      () => Promise.resolve(groupTexts(GROUP_B).find((t) => t.includes('Throttled'))),
      45_000,
    );
    await new Promise((r) => setTimeout(r, 3_000));
    expect(groupTexts(GROUP_B).filter((t) => t.includes('Throttled'))).toHaveLength(1);
    expect(openapi.calls().filter((c) => c.code === OPENAPI_ERROR.flowControl)).toHaveLength(5);
  });

  it('two replicas given the same notification at once post it once (Lease records in the coordination namespace)', async () => {
    const second = await startControllerProcess(controllerEnv());
    try {
      await eventually('second replica ready', async () =>
        (await fetch(`${second.internalUrl}/readyz`)).ok ? true : undefined,
      );
      const body = payload(b, 'TwoReplicas', { severity: 'critical' });
      const post = (url: string): Promise<Response> =>
        fetch(`${url}/alerts/alertmanager`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
          body: JSON.stringify(body),
        });
      const [x, y] = await Promise.all([post(controller.publicUrl), post(second.publicUrl)]);
      // One posts (200); the other finds it sending (503, Alertmanager would retry) or already delivered (200).
      expect([x.status, y.status]).toContain(200);
      const retry = await post(second.publicUrl);
      expect(retry.status).toBe(200);
      expect(await retry.json()).toMatchObject({ duplicate: 1, delivered: 0 });
      expect(groupTexts(GROUP_B).filter((t) => t.includes('TwoReplicas'))).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });

  it('the API server enforces the CRD (CEL and patterns), and kubectl get shows READY and REASON', () => {
    const refusal = (spec: Record<string, unknown>): string => {
      try {
        route(b, 'bad', spec);
        return '';
      } catch (err) {
        return String((err as { stderr?: unknown }).stderr ?? err);
      }
    };
    expect(refusal({ to: { conversationId: GROUP_B, robot: { secretName: 'x' } } })).toContain(
      'to needs exactly one of conversationId or robot',
    );
    expect(
      refusal({
        to: { conversationId: GROUP_B },
        actions: [{ title: 'x', command: 'restart {{ annotations.x }}' }],
      }),
    ).toContain('spec.actions[0].command');
    const table = getTestCluster().plane.kubectl(['get', 'alertroutes', '-n', a]);
    expect(table).toMatch(/NAME\s+TO\s+ROBOT\s+READY\s+REASON\s+AGE/);
    expect(table).toMatch(/team-a\s+cidTeamA==\s+True\s+Accepted/);
  });

  it('answers a wrong token with 401 and sends nothing; a malformed payload with 400', async () => {
    const before = openapi.deliveries().length + robot.messages().length;
    const wrong = await postToKubetalk(payload(b, 'WrongToken'), 'not-the-token-0123456789');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'unauthorized' });
    const bad = await postToKubetalk({ version: '3', alerts: [] });
    expect(bad.status).toBe(400);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(openapi.deliveries().length + robot.messages().length).toBe(before);
  });
});
