// A real local Kubernetes control plane (etcd, kube-apiserver, controller-manager, scheduler, kwok) on 127.0.0.1.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import type { Binaries } from './binaries.ts';
import { httpsGet } from './https-probe.ts';
import { writeKubeconfig } from './kubeconfig.ts';
import { ensurePki, type Pki } from './pki.ts';
import { findFreePort, isAlive, readPid, startProcess, stopProcess, waitFor } from './processes.ts';

export interface ClusterState {
  readonly stateDir: string;
  readonly etcdPort: number;
  readonly etcdPeerPort: number;
  readonly apiPort: number;
  readonly kwokPort: number;
  readonly server: string;
  readonly kubeconfig: string;
  /** Files kwok serves as container logs: container name → CRI-formatted log file. */
  readonly logFiles: Readonly<Record<string, string>>;
}

export const KWOK_NODE_NAMES = ['kwok-node-0', 'kwok-node-1'] as const;
/**
 * Containers named like these get the matching log file from kwok; any other container gets `app`'s. kwok serves
 * one file per name to every pod, so a test that asserts on exact tails owns its names (`worker` and `helper` are
 * the logs action's, `chat` the chat e2e's) and no parallel file can append to them.
 */
export const LOG_CONTAINERS = ['app', 'sidecar', 'huge', 'worker', 'helper', 'chat', 'tenant'] as const;

type Progress = (line: string) => void;
const STATE_FILE = 'cluster.json';
const ORDER = ['kwok', 'kube-scheduler', 'kube-controller-manager', 'kube-apiserver', 'etcd'] as const;

/** The apiserver refuses loopback as its advertise address; any other local address will do (nothing dials it). */
function pickAdvertiseAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '192.0.2.10';
}

export function readClusterState(stateDir: string): ClusterState | undefined {
  const f = join(stateDir, STATE_FILE);
  return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as ClusterState) : undefined;
}

export class LocalControlPlane {
  readonly stateDir: string;
  readonly bins: Binaries;
  private state: ClusterState | undefined;
  private readonly pki: Pki;
  private readonly progress: Progress;

  constructor(opts: { stateDir: string; binaries: Binaries; progress?: Progress }) {
    this.stateDir = opts.stateDir;
    this.bins = opts.binaries;
    this.progress = opts.progress ?? (() => undefined);
    mkdirSync(join(this.stateDir, 'logs'), { recursive: true });
    this.pki = ensurePki(join(this.stateDir, 'pki'));
    this.state = readClusterState(this.stateDir);
  }

  get cluster(): ClusterState {
    if (!this.state) throw new Error('control plane not started');
    return this.state;
  }

  get pkiFiles(): Pki {
    return this.pki;
  }

  /**
   * Starts every component, or adopts the ones already running from an earlier `up`. `minimal` starts only etcd
   * and the API server: enough for tests that stop and start the API server without disturbing other tests.
   */
  async start(opts: { minimal?: boolean } = {}): Promise<ClusterState> {
    const t0 = Date.now();
    if (!this.state) {
      const [etcdPort, etcdPeerPort, apiPort, kwokPort] = [
        await findFreePort(),
        await findFreePort(),
        await findFreePort(),
        await findFreePort(),
      ];
      const server = `https://127.0.0.1:${apiPort}`;
      const kubeconfig = writeKubeconfig(join(this.stateDir, 'admin.kubeconfig'), server, this.pki.caCert, {
        cert: this.pki.adminCert,
        key: this.pki.adminKey,
      });
      const logFiles = Object.fromEntries(
        LOG_CONTAINERS.map((c) => [c, join(this.stateDir, 'container-logs', `${c}.log`)]),
      );
      this.state = {
        stateDir: this.stateDir,
        etcdPort,
        etcdPeerPort,
        apiPort,
        kwokPort,
        server,
        kubeconfig,
        logFiles,
      };
      writeFileSync(join(this.stateDir, STATE_FILE), JSON.stringify(this.state, null, 2));
    }
    this.writeSupportFiles();
    await this.startEtcd();
    await this.startApiServer();
    if (!opts.minimal) {
      this.startControllers();
      this.startKwok();
    }
    this.progress(
      `control plane ready in ${((Date.now() - t0) / 1000).toFixed(1)}s (kubeconfig ${this.cluster.kubeconfig})`,
    );
    return this.cluster;
  }

  /** Stops everything and, unless `keepState`, deletes etcd's data and the PKI. */
  async stop(keepState = false): Promise<void> {
    for (const name of ORDER) await stopProcess(this.stateDir, name);
    if (!keepState) {
      rmSync(this.stateDir, { recursive: true, force: true });
      this.state = undefined;
    }
  }

  /** Synchronous SIGKILL of every component: for process-exit handlers, which cannot wait. */
  killNow(): void {
    for (const name of ORDER) {
      const pid = readPid(this.stateDir, name);
      if (pid !== undefined && isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
  }

  running(): Record<string, boolean> {
    return Object.fromEntries(
      ORDER.map((n) => [
        n,
        (() => {
          const p = readPid(this.stateDir, n);
          return p !== undefined && isAlive(p);
        })(),
      ]),
    );
  }

  /** For resilience tests: the API server goes away while etcd and everything else stay. */
  async stopApiServer(): Promise<void> {
    await stopProcess(this.stateDir, 'kube-apiserver');
  }

  async startApiServer(): Promise<void> {
    if (this.isRunning('kube-apiserver')) return;
    const s = this.cluster;
    const pki = this.pki;
    const proc = startProcess(this.stateDir, 'kube-apiserver', this.bins['kube-apiserver'], [
      `--etcd-servers=http://127.0.0.1:${s.etcdPort}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${s.apiPort}`,
      `--advertise-address=${pickAdvertiseAddress()}`,
      `--tls-cert-file=${pki.serverCert}`,
      `--tls-private-key-file=${pki.serverKey}`,
      `--client-ca-file=${pki.caCert}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${pki.saPub}`,
      `--service-account-signing-key-file=${pki.saKey}`,
      '--service-cluster-ip-range=10.96.0.0/12',
      '--authorization-mode=Node,RBAC',
      '--allow-privileged=true',
      // As envtest does: pods need no ServiceAccount object, so brand-new test namespaces are usable at once.
      '--disable-admission-plugins=ServiceAccount',
      '--endpoint-reconciler-type=none',
      `--audit-policy-file=${join(this.stateDir, 'audit-policy.yaml')}`,
      `--audit-log-path=${join(this.stateDir, 'logs', 'audit.log')}`,
      '--audit-log-maxsize=100',
      `--cert-dir=${join(this.stateDir, 'apiserver-certs')}`,
      '--v=1',
    ]);
    this.progress(`kube-apiserver starting on ${s.server}`);
    await waitFor(
      'kube-apiserver /readyz',
      async () =>
        (await httpsGet(`${s.server}/readyz`, { ca: pki.caCert, cert: pki.adminCert, key: pki.adminKey }))
          .status === 200,
      { timeoutMs: 120_000, process: proc },
    );
  }

  private isRunning(name: string): boolean {
    const pid = readPid(this.stateDir, name);
    return pid !== undefined && isAlive(pid);
  }

  private writeSupportFiles(): void {
    const s = this.cluster;
    writeFileSync(
      join(this.stateDir, 'audit-policy.yaml'),
      // Metadata only: who did what (including impersonation), never request bodies.
      'apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: ["RequestReceived"]\nrules:\n- level: None\n  nonResourceURLs: ["/healthz*", "/readyz*", "/livez*", "/version"]\n- level: Metadata\n',
    );
    mkdirSync(join(this.stateDir, 'container-logs'), { recursive: true });
    for (const file of Object.values(s.logFiles)) {
      if (!existsSync(file)) writeFileSync(file, '');
      if (!existsSync(file.replace(/\.log$/, '.previous.log')))
        writeFileSync(file.replace(/\.log$/, '.previous.log'), '');
    }
    const logEntry = (c: string, containers: string[]): string =>
      `  - containers: [${containers.join(', ')}]\n    logsFile: ${s.logFiles[c]}\n    previousLogsFile: ${s.logFiles[c]?.replace(/\.log$/, '.previous.log')}\n`;
    writeFileSync(
      join(this.stateDir, 'kwok.yaml'),
      [
        'kind: ClusterLogs',
        'apiVersion: kwok.x-k8s.io/v1alpha1',
        'metadata:',
        '  name: kubetalk-test-logs',
        'spec:',
        '  selector: {}',
        '  logs:',
        LOG_CONTAINERS.filter((c) => c !== 'app')
          .map((c) => logEntry(c, [c]))
          .join('') + logEntry('app', []).trimEnd(),
        '',
      ].join('\n'),
    );
  }

  private async startEtcd(): Promise<void> {
    if (this.isRunning('etcd')) return;
    const s = this.cluster;
    const proc = startProcess(this.stateDir, 'etcd', this.bins.etcd, [
      `--data-dir=${join(this.stateDir, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${s.etcdPort}`,
      `--advertise-client-urls=http://127.0.0.1:${s.etcdPort}`,
      `--listen-peer-urls=http://127.0.0.1:${s.etcdPeerPort}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${s.etcdPeerPort}`,
      `--initial-cluster=default=http://127.0.0.1:${s.etcdPeerPort}`,
      '--unsafe-no-fsync',
      '--quota-backend-bytes=2147483648',
      '--log-level=warn',
    ]);
    this.progress(`etcd starting on 127.0.0.1:${s.etcdPort}`);
    await waitFor(
      'etcd /health',
      async () => {
        const res = await fetch(`http://127.0.0.1:${s.etcdPort}/health`, {
          signal: AbortSignal.timeout(2000),
        });
        return res.ok && (await res.text()).includes('"health":"true"');
      },
      { timeoutMs: 60_000, process: proc },
    );
  }

  private startControllers(): void {
    const s = this.cluster;
    const common = [
      `--kubeconfig=${s.kubeconfig}`,
      '--leader-elect=false',
      '--secure-port=0',
      '--kube-api-qps=100',
      '--kube-api-burst=200',
    ];
    if (!this.isRunning('kube-controller-manager')) {
      startProcess(this.stateDir, 'kube-controller-manager', this.bins['kube-controller-manager'], [
        ...common,
        `--service-account-private-key-file=${this.pki.saKey}`,
        `--root-ca-file=${this.pki.caCert}`,
        '--v=1',
      ]);
    }
    if (!this.isRunning('kube-scheduler')) {
      startProcess(this.stateDir, 'kube-scheduler', this.bins['kube-scheduler'], common);
    }
    this.progress('kube-controller-manager and kube-scheduler started');
  }

  private startKwok(): void {
    const s = this.cluster;
    if (!this.isRunning('kwok')) {
      startProcess(this.stateDir, 'kwok', this.bins.kwok, [
        `--kubeconfig=${s.kubeconfig}`,
        `--config=${join(this.stateDir, 'kwok.yaml')}`,
        '--manage-all-nodes=false',
        '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
        '--node-name=localhost',
        '--node-ip=127.0.0.1',
        `--node-port=${s.kwokPort}`,
        `--server-address=127.0.0.1:${s.kwokPort}`,
        '--cidr=10.244.0.0/16',
        '--node-lease-duration-seconds=40',
      ]);
    }
    const nodes = KWOK_NODE_NAMES.map(
      (n) =>
        `apiVersion: v1\nkind: Node\nmetadata:\n  name: ${n}\n  annotations: {kwok.x-k8s.io/node: fake, node.alpha.kubernetes.io/ttl: "0"}\n` +
        `  labels: {kubernetes.io/hostname: ${n}, kubernetes.io/os: linux, kubernetes.io/arch: amd64, type: kwok}\nspec: {}\n`,
    ).join('---\n');
    writeFileSync(join(this.stateDir, 'nodes.yaml'), nodes);
    this.kubectl(['apply', '-f', join(this.stateDir, 'nodes.yaml')]);
    this.progress('waiting for kwok nodes to be Ready');
    this.kubectl([
      'wait',
      '--for=condition=Ready',
      ...KWOK_NODE_NAMES.map((n) => `node/${n}`),
      '--timeout=90s',
    ]);
  }

  /** Runs kubectl as cluster admin; returns stdout. */
  kubectl(args: readonly string[], input?: string): string {
    return execFileSync(this.bins.kubectl, ['--kubeconfig', this.cluster.kubeconfig, ...args], {
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(input === undefined ? {} : { input }),
    });
  }
}
