// Runs the helm binary of the local control plane against the chart, with its caches kept out of $HOME.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { locateBinaries } from '../../tools/local-cluster/binaries.ts';
import { repoRoot } from '../../tools/local-cluster/index.ts';

export const CHART_DIR = join(repoRoot, 'charts', 'kubetalk');
const home = mkdtempSync(join(tmpdir(), 'kubetalk-helm-'));

export function helmBinary(): string | undefined {
  return locateBinaries().binaries.helm;
}

export function helm(args: readonly string[], kubeconfig?: string): string {
  const bin = helmBinary();
  if (!bin) throw new Error('helm binary not built (npm run cluster:build)');
  return execFileSync(bin, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      HELM_CACHE_HOME: join(home, 'cache'),
      HELM_CONFIG_HOME: join(home, 'config'),
      HELM_DATA_HOME: join(home, 'data'),
      ...(kubeconfig ? { KUBECONFIG: kubeconfig } : {}),
    },
  });
}

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  [key: string]: unknown;
}

/** `helm template` parsed into objects. */
export function renderChart(setArgs: readonly string[] = [], namespace = 'kubetalk-system'): Manifest[] {
  const out = helm([
    'template',
    'kt',
    CHART_DIR,
    '--namespace',
    namespace,
    '--include-crds',
    ...setArgs.flatMap((s) => ['--set', s]),
  ]);
  return (loadAll(out) as Array<Manifest | null | undefined>).filter(
    (d): d is Manifest => d !== null && d !== undefined && typeof d === 'object',
  );
}

/** Every option of values.yaml switched on, for rendering and security checks. */
export const ALL_OPTIONS: readonly string[] = [
  'replicaCount=2',
  'dingtalk.appSecret=s3cret',
  'dingtalk.previousAppSecrets={old-1,old-2}',
  'ingress.enabled=true',
  'ingress.host=kubetalk.example.com',
  'ingress.tlsSecretName=kubetalk-tls',
  'ingress.className=nginx',
  'metrics.serviceMonitor.enabled=true',
  'podDisruptionBudget.enabled=true',
  'networkPolicy.enabled=true',
  'runner.namespaces={shop,web}',
  'config.namespaces={shop,web}',
  'config.locale=zh-CN',
  // Alerts (issue 13).
  'alerts.enabled=true',
  'alerts.token=0123456789abcdef0123',
  'alerts.clusterNamespaces={ops}',
  'runner.alertRobotSecrets={shop-robot}',
];

/**
 * `helm install` of the chart for an e2e test: the test app secret, runners in `runnerNamespaces`, replies allowed
 * to the DingTalk double's host; waits until the release is up. `extra` adds `--set` values.
 */
export function installChart(opts: {
  readonly release: string;
  readonly namespace: string;
  readonly appSecret: string;
  readonly runnerNamespaces: readonly string[];
  readonly replyHost: string;
  readonly kubeconfig: string;
  readonly extra?: readonly string[];
}): string {
  const sets = [
    `dingtalk.appSecret=${opts.appSecret}`,
    `runner.namespaces={${opts.runnerNamespaces.join(',')}}`,
    `config.replyAllowedHosts={${opts.replyHost}}`,
    ...(opts.extra ?? []),
  ];
  return helm(
    [
      'install',
      opts.release,
      CHART_DIR,
      '--namespace',
      opts.namespace,
      '--wait',
      '--timeout',
      '120s',
      ...sets.flatMap((s) => ['--set', s]),
    ],
    opts.kubeconfig,
  );
}
