// Runs the built controller for a benchmark — the shipped bundle (`node dist/main.js`) or tsc's unbundled output
// (`node dist/unbundled/main.js`) — logging to a file so the pipe never backs up.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { NODE_FLAGS, RUNTIME_ENV } from '../../scripts/image/runtime-flags.ts';
import { repoRoot } from '../../tools/local-cluster/index.ts';

export interface BenchController {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly publicUrl: string;
  readonly internalUrl: string;
  readonly callbackUrl: string;
  readonly logFile: string;
  /** Milliseconds (performance.now) at spawn and when the `listening` line was seen. */
  readonly spawnedAt: number;
  readonly listeningAt: number;
  /** Log lines (parsed) whose msg equals `msg`. */
  logLines(msg: string): Array<Record<string, unknown>>;
  stop(): Promise<number | null>;
}

export interface ControllerOptions {
  readonly env: Record<string, string>;
  readonly logFile: string;
  /** Extra node flags, e.g. --cpu-prof. */
  readonly nodeArgs?: readonly string[];
  readonly timeoutMs?: number;
  /** Which build to run: the esbuild bundle that ships (default) or tsc's output loading node_modules. */
  readonly build?: ControllerBuild;
}

export type ControllerBuild = 'bundled' | 'unbundled';

/** The entry file of a build, relative to the repository. */
export function controllerEntry(build: ControllerBuild): string {
  return build === 'bundled' ? join('dist', 'main.js') : join('dist', 'unbundled', 'main.js');
}

function readLog(file: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      out.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // A line cut mid-write; the next read sees it whole.
    }
  }
  return out;
}

export async function startController(opts: ControllerOptions): Promise<BenchController> {
  const fd = openSync(opts.logFile, 'w');
  const spawnedAt = performance.now();
  const entry = join(repoRoot, controllerEntry(opts.build ?? 'bundled'));
  // As the image runs it (scripts/image/runtime-flags.ts), so the figures are the shipped controller's.
  const child = spawn(process.execPath, [...NODE_FLAGS, ...(opts.nodeArgs ?? []), entry], {
    env: {
      PATH: process.env['PATH'] ?? '',
      ...RUNTIME_ENV,
      KUBETALK_PUBLIC_PORT: '0',
      KUBETALK_INTERNAL_PORT: '0',
      KUBETALK_BIND_ADDRESS: '127.0.0.1',
      ...opts.env,
    },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  if (child.pid === undefined) throw new Error('controller did not start');
  const pid = child.pid;
  process.once('exit', () => child.kill('SIGKILL'));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  let listening: Record<string, unknown> | undefined;
  // A short poll: the first line arrives within tens of milliseconds and sync timings start from spawn anyway.
  while (!listening) {
    if (child.exitCode !== null) throw new Error(`controller exited:\n${readFileSync(opts.logFile, 'utf8')}`);
    if (Date.now() > deadline)
      throw new Error(`controller not listening:\n${readFileSync(opts.logFile, 'utf8')}`);
    listening = readLog(opts.logFile).find((r) => r['msg'] === 'listening');
    if (!listening) await sleep(10);
  }
  const listeningAt = performance.now();
  const publicUrl = `http://127.0.0.1:${String(listening['publicPort'])}`;
  return {
    child,
    pid,
    publicUrl,
    internalUrl: `http://127.0.0.1:${String(listening['internalPort'])}`,
    callbackUrl: `${publicUrl}/callbacks/dingtalk`,
    logFile: opts.logFile,
    spawnedAt,
    listeningAt,
    logLines: (msg) => readLog(opts.logFile).filter((r) => r['msg'] === msg),
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(t);
      return code;
    },
  };
}

/** Polls `/readyz` (and optionally a metric) until true; returns performance.now() at that moment. */
export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  pollMs = 25,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return performance.now();
    await sleep(pollMs);
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

export function controllerEnv(kubeconfig: string, secret: string, replyHost: string): Record<string, string> {
  return {
    KUBECONFIG: kubeconfig,
    KUBETALK_DINGTALK_APP_SECRET: secret,
    KUBETALK_REPLY_ALLOWED_HOSTS: replyHost,
    KUBETALK_REPLY_ALLOW_INSECURE_HTTP: 'true',
    KUBETALK_LOG_LEVEL: 'info',
  };
}
