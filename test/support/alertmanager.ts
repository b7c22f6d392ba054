// Runs a real Alertmanager (built from its Go module by scripts/ci/build-alertmanager.sh, cached under
// ~/.cache/kubetalk/bin) on 127.0.0.1, gossip off, storage in a temp dir, with a webhook receiver for kubetalk.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export const ALERTMANAGER_VERSION = process.env['ALERTMANAGER_VERSION'] ?? 'v0.28.1';

/** KUBETALK_ALERTMANAGER_BIN, else the cache path the build script writes; undefined when neither exists. */
export function findAlertmanager(): string | undefined {
  const explicit = process.env['KUBETALK_ALERTMANAGER_BIN'];
  if (explicit) return existsSync(explicit) ? explicit : undefined;
  const cache =
    process.env['KUBETALK_CACHE'] ??
    join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'kubetalk');
  const bin = join(cache, 'bin', `alertmanager-${ALERTMANAGER_VERSION}`, 'alertmanager');
  return existsSync(bin) ? bin : undefined;
}

export interface PostedAlert {
  readonly labels: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly startsAt?: string;
  readonly endsAt?: string;
  readonly generatorURL?: string;
}

export interface Alertmanager {
  readonly url: string;
  /** POST /api/v2/alerts. */
  postAlerts(alerts: readonly PostedAlert[]): Promise<void>;
  stop(): Promise<void>;
  output(): string;
}

export interface AlertmanagerOptions {
  readonly webhookUrl: string;
  readonly token: string;
  readonly groupBy?: readonly string[];
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startAlertmanager(opts: AlertmanagerOptions): Promise<Alertmanager> {
  const bin = findAlertmanager();
  if (!bin) throw new Error('Alertmanager is not built: run scripts/ci/build-alertmanager.sh');
  const dir = mkdtempSync(join(tmpdir(), 'kubetalk-am-'));
  const port = await freePort();
  const config = {
    route: {
      receiver: 'kubetalk',
      group_by: opts.groupBy ?? ['alertname', 'namespace'],
      group_wait: '1s',
      group_interval: '2s',
      repeat_interval: '1h',
    },
    receivers: [
      {
        name: 'kubetalk',
        webhook_configs: [
          {
            url: opts.webhookUrl,
            send_resolved: true,
            http_config: { authorization: { type: 'Bearer', credentials: opts.token } },
          },
        ],
      },
    ],
  };
  writeFileSync(join(dir, 'alertmanager.yml'), JSON.stringify(config));
  const child: ChildProcess = spawn(
    bin,
    [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=debug',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`Alertmanager did not start:\n${out.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async postAlerts(alerts) {
      const res = await fetch(`${url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alerts),
      });
      if (!res.ok) throw new Error(`Alertmanager refused the alerts: ${res.status} ${await res.text()}`);
    },
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
