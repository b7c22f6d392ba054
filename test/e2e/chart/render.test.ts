// The chart's rendered manifests: lint-clean, renderable, and least-privilege by construction.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUNNER_ROLE_RULES } from '../../../src/actions/runner-rbac.ts';
import { repoRoot } from '../../../tools/local-cluster/index.ts';
import { ALL_OPTIONS, CHART_DIR, helm, helmBinary, renderChart, type Manifest } from '../../support/helm.ts';

const skip = helmBinary() === undefined && process.env['CI'] !== 'true';

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
  resourceNames?: string[];
}

const rulesOf = (m: Manifest): Rule[] => (m['rules'] as Rule[] | undefined) ?? [];
const byKind = (ms: Manifest[], kind: string): Manifest[] => ms.filter((m) => m.kind === kind);

describe.skipIf(skip)('helm chart', () => {
  it('lints clean with defaults and with every option', () => {
    expect(helm(['lint', CHART_DIR])).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
    expect(helm(['lint', CHART_DIR, ...ALL_OPTIONS.flatMap((s) => ['--set', s])])).toMatch(
      /0 chart\(s\) failed/,
    );
  });

  it('renders with defaults and with every option', () => {
    const defaults = renderChart();
    expect(byKind(defaults, 'Deployment')).toHaveLength(1);
    expect(byKind(defaults, 'Ingress')).toHaveLength(0);
    const all = renderChart(ALL_OPTIONS);
    for (const kind of ['Ingress', 'ServiceMonitor', 'PodDisruptionBudget', 'NetworkPolicy']) {
      expect(byKind(all, kind), kind).toHaveLength(1);
    }
    // ChatCommand, ChatIdentity, AlertRoute and ChatRequest.
    expect(byKind(all, 'CustomResourceDefinition')).toHaveLength(4);
    expect(
      byKind(all, 'Role')
        .filter((r) => r.metadata.name === 'kubetalk-runner')
        .map((r) => r.metadata.namespace),
    ).toEqual(['shop', 'web']);
  });

  it('refuses invalid values through values.schema.json', () => {
    expect(() => renderChart(['config.locale=fr'])).toThrow(/locale/);
    expect(() => renderChart(['runner.name=Bad_Name'])).toThrow(/runner/);
    // Shared ServiceAccounts exist in every namespace (OpenShift adds three): never a runner.
    for (const shared of ['default', 'builder', 'deployer', 'pipeline'])
      expect(() => renderChart([`runner.name=${shared}`])).toThrow(/runner/);
    expect(() => renderChart(['unknownKey=1'])).toThrow(/additional properties|unknownKey/i);
  });

  it('has no wildcard verb, resource or API group anywhere', () => {
    for (const m of [...renderChart(), ...renderChart(ALL_OPTIONS)]) {
      for (const r of rulesOf(m)) {
        expect(
          [...(r.verbs ?? []), ...(r.resources ?? []), ...(r.apiGroups ?? [])],
          `${m.kind}/${m.metadata.name}`,
        ).not.toContain('*');
      }
    }
  });

  it('limits impersonation to the runner name, and grants it nothing else dangerous', () => {
    const all = renderChart(['runner.name=chat-runner', ...ALL_OPTIONS]);
    const rules = [...byKind(all, 'ClusterRole'), ...byKind(all, 'Role')].flatMap(rulesOf);
    const impersonation = rules.filter((r) => r.verbs?.includes('impersonate'));
    expect(impersonation.length).toBeGreaterThan(0);
    for (const rule of impersonation) {
      expect(rule).toEqual({
        apiGroups: [''],
        resources: ['serviceaccounts'],
        verbs: ['list', 'watch', 'impersonate'],
        resourceNames: ['chat-runner'],
      });
    }
    for (const r of rules) {
      // Only a runner's named robot/webhook Secrets, get by resourceNames; never a Secret kind as a whole.
      if (r.resources?.includes('secrets'))
        expect(r).toMatchObject({ verbs: ['get'], resourceNames: ['shop-robot'] });
      expect(r.verbs ?? []).not.toContain('escalate');
      expect(r.verbs ?? []).not.toContain('bind');
      expect(r.resources ?? []).not.toContain('users');
      expect(r.resources ?? []).not.toContain('groups');
    }
    // Cluster-wide (the default: every namespace watched), the controller may write only status, Events and its own
    // ChatRequests (docs/design/0012-approvals.md).
    const controller = byKind(renderChart(), 'ClusterRole')[0];
    const writes = rulesOf(controller as Manifest).filter((r) =>
      r.verbs?.some((v) => ['create', 'update', 'patch', 'delete'].includes(v)),
    );
    expect(writes.flatMap((r) => r.resources)).toEqual([
      'chatcommands/status',
      'alertroutes/status',
      'chatrequests',
      'events',
    ]);
  });

  it('scopes the controller to the watched namespaces when they are listed', () => {
    const scoped = renderChart(['config.namespaces={shop,web}']);
    // Only the ChatIdentity ClusterRole stays cluster-wide: ChatIdentities and SubjectAccessReviews have no namespace.
    const clusterRules = byKind(scoped, 'ClusterRole').flatMap(rulesOf);
    expect(clusterRules.flatMap((r) => r.resources ?? []).sort()).toEqual([
      'chatidentities',
      'chatidentities/status',
      'subjectaccessreviews',
    ]);
    expect(
      byKind(renderChart(['config.namespaces={shop}', 'chatIdentities.enabled=false']), 'ClusterRole'),
    ).toHaveLength(0);
    const roles = byKind(scoped, 'Role').filter((r) =>
      rulesOf(r).some((x) => x.verbs?.includes('impersonate')),
    );
    expect(roles.map((r) => r.metadata.namespace).sort()).toEqual(['shop', 'web']);
  });

  it('grants a scale-only runner no write on the workloads themselves', () => {
    const runner = byKind(
      renderChart(['runner.namespaces={shop}', 'runner.actions.rollout=false', 'runner.actions.logs=false']),
      'Role',
    ).find((r) => r.metadata.name === 'kubetalk-runner');
    const workloadRule = rulesOf(runner as Manifest).find((r) => r.resources?.includes('deployments'));
    expect(workloadRule?.verbs).toEqual(['get']);
  });

  it('gives a runner with every action exactly RUNNER_ROLE_RULES, and each day-2 toggle only its verbs', () => {
    const roleWith = (...set: string[]): Rule[] =>
      rulesOf(
        byKind(renderChart(['runner.namespaces={shop}', ...set]), 'Role').find(
          (r) => r.metadata.name === 'kubetalk-runner',
        ) as Manifest,
      );
    const plain = (rules: readonly Rule[]): unknown => JSON.parse(JSON.stringify(rules));
    expect(plain(roleWith())).toEqual(plain(RUNNER_ROLE_RULES));
    const none = ['scale', 'rollout', 'logs', 'jobs', 'cronjobs', 'views', 'diagnose'].map(
      (a) => `runner.actions.${a}=false`,
    );
    const only = (a: string): Rule[] => roleWith(...none.filter((n) => !n.includes(`.${a}=`)));
    expect(only('cronjobs')).toEqual([
      { apiGroups: ['batch'], resources: ['cronjobs'], verbs: ['get', 'patch'] },
    ]);
    expect(only('jobs').map((r) => `${r.resources?.join(',')}:${r.verbs?.join(',')}`)).toEqual([
      'pods:list',
      'pods/log:get',
      'cronjobs:get',
      'jobs:get,create',
    ]);
    expect(only('views').map((r) => `${r.resources?.join(',')}:${r.verbs?.join(',')}`)).toEqual([
      'deployments,statefulsets,daemonsets:get',
      'replicasets:list',
      'pods:list',
      'events:list',
    ]);
  });

  it('lets the runner read only the named webhook Secrets, and none by default', () => {
    const secretRules = (...set: string[]): Rule[] =>
      byKind(renderChart(['runner.namespaces={shop}', ...set]), 'Role')
        .filter((r) => r.metadata.name === 'kubetalk-runner')
        .flatMap(rulesOf)
        .filter((r) => r.resources?.includes('secrets'));
    expect(secretRules()).toEqual([]);
    expect(secretRules('runner.webhookSecrets={jenkins-deploy,gitlab}')).toEqual([
      {
        apiGroups: [''],
        resources: ['secrets'],
        verbs: ['get'],
        resourceNames: ['jenkins-deploy', 'gitlab'],
      },
    ]);
  });

  it('alerts: the runner reads only the named robot Secrets; the token comes from a Secret, never a plain value', () => {
    const robotRules = byKind(
      renderChart(['runner.namespaces={shop}', 'runner.alertRobotSecrets={shop-robot}']),
      'Role',
    )
      .filter((r) => r.metadata.name === 'kubetalk-runner')
      .flatMap(rulesOf)
      .filter((r) => r.resources?.includes('secrets'));
    expect(robotRules).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['shop-robot'] },
    ]);
    const all = renderChart(ALL_OPTIONS);
    const env = JSON.stringify(byKind(all, 'Deployment')[0]);
    expect(env).toContain('"name":"KUBETALK_ALERTS_TOKEN","valueFrom":{"secretKeyRef"');
    expect(env).not.toContain('0123456789abcdef0123');
    expect(byKind(all, 'Secret').some((m) => m.metadata.name.endsWith('-alerts'))).toBe(true);
    expect(() => renderChart(['alerts.enabled=true'])).toThrow(/alerts.token/);
  });

  it('runs the controller non-root, read-only, without privileges, with probes, limits and a fitting grace period', () => {
    const [deploy] = byKind(renderChart(), 'Deployment');
    const pod = (deploy as unknown as { spec: { template: { spec: Record<string, unknown> } } }).spec.template
      .spec as {
      securityContext: Record<string, unknown>;
      terminationGracePeriodSeconds: number;
      containers: Array<
        Record<string, unknown> & {
          securityContext: Record<string, unknown>;
          env: Array<{ name: string; value?: string }>;
        }
      >;
    };
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    const [c] = pod.containers;
    expect(c?.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    const resources = c?.['resources'] as
      { requests?: Record<string, string>; limits?: Record<string, string> } | undefined;
    expect(resources?.requests?.['cpu']).toMatch(/^\d+m?$/);
    expect(resources?.requests?.['memory']).toMatch(/^\d+Mi$/);
    expect(resources?.limits?.['memory']).toMatch(/^\d+Mi$/);
    expect(c?.['livenessProbe']).toMatchObject({ httpGet: { path: '/healthz', port: 'metrics' } });
    expect(c?.['readinessProbe']).toMatchObject({ httpGet: { path: '/readyz', port: 'metrics' } });
    const shutdown = Number(c?.env.find((e) => e.name === 'KUBETALK_SHUTDOWN_TIMEOUT_SECONDS')?.value);
    expect(shutdown).toBeLessThan(pod.terminationGracePeriodSeconds);
  });

  it('never exposes metrics through the Ingress', () => {
    const [ing] = byKind(renderChart(ALL_OPTIONS), 'Ingress');
    const paths = JSON.stringify(ing);
    expect(paths).toContain('/callbacks/dingtalk');
    expect(paths).not.toContain('metrics');
  });

  it('ships every CRD from /crds unchanged (one source of truth)', () => {
    const files = readdirSync(join(repoRoot, 'crds')).filter((f) => f.endsWith('.yaml'));
    expect(files).toContain('kubetalk.io_chatrequests.yaml');
    expect(readdirSync(join(CHART_DIR, 'crds')).sort()).toEqual(files.sort());
    for (const f of files) {
      const source = readFileSync(join(repoRoot, 'crds', f), 'utf8');
      const copy = readFileSync(join(CHART_DIR, 'crds', f), 'utf8');
      expect(copy, `charts/kubetalk/crds/${f} is out of date: cp crds/*.yaml charts/kubetalk/crds/`).toBe(
        source,
      );
    }
  });
});
