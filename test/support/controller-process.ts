// Runs the built controller (`node dist/main.js`, the esbuild bundle that ships) as its own process for e2e tests,
// and reads its JSON logs.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { NODE_FLAGS, RUNTIME_ENV } from '../../scripts/image/runtime-flags.ts';
import { repoRoot } from '../../tools/local-cluster/index.ts';

export interface ControllerProcess {
  readonly publicUrl: string;
  readonly internalUrl: string;
  readonly logs: Array<Record<string, unknown>>;
  readonly rawOutput: () => string;
  /** Resolves when a log line matching `pred` appears. */
  waitForLog(
    pred: (rec: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  readonly child: ChildProcess;
}

/** One sample from a controller's /metrics: `name` with exactly these labels (0 when absent). */
export async function readMetric(
  internalUrl: string,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const text = await (await fetch(`${internalUrl}/metrics`)).text();
  const want = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  const series = want === '' ? name : `${name}{${want}}`;
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/** Starts the controller with this environment; stdout and stderr must be pipes. Default: `node dist/main.js`. */
export type ControllerLauncher = (env: Record<string, string>) => ChildProcess;

/**
 * `node dist/main.js` with the image's Node flag and allocator setting, so the suite tests the controller as it
 * ships; `nodeArgs` come before the entry (a preloaded fault, say).
 */
export const launchBundleWith =
  (nodeArgs: readonly string[] = []): ControllerLauncher =>
  (env) =>
    spawn(process.execPath, [...NODE_FLAGS, ...nodeArgs, join(repoRoot, 'dist', 'main.js')], {
      env: { PATH: process.env['PATH'] ?? '', ...RUNTIME_ENV, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
const launchBundle = launchBundleWith();

export async function startControllerProcess(
  env: Record<string, string>,
  timeoutMs = 60_000,
  launch: ControllerLauncher = launchBundle,
): Promise<ControllerProcess> {
  const child = launch({
    KUBETALK_PUBLIC_PORT: '0',
    KUBETALK_INTERNAL_PORT: '0',
    KUBETALK_BIND_ADDRESS: '127.0.0.1',
    KUBETALK_LOG_LEVEL: 'debug',
    // The e2e operator opts every namespace into allow.conversations "*"; tests of the policy override it.
    KUBETALK_ANY_CONVERSATION_NAMESPACES: '*',
    ...env,
  });
  const logs: Array<Record<string, unknown>> = [];
  const waiters: Array<{
    pred: (r: Record<string, unknown>) => boolean;
    resolve: (r: Record<string, unknown>) => void;
  }> = [];
  let raw = '';
  let buffer = '';
  const onData = (chunk: Buffer): void => {
    raw += chunk.toString('utf8');
    buffer += chunk.toString('utf8');
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      try {
        const rec = JSON.parse(line) as Record<string, unknown>;
        logs.push(rec);
        for (const w of [...waiters]) {
          if (w.pred(rec)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(rec);
          }
        }
      } catch {
        // Not a JSON line (e.g. a crash trace on stderr); kept in rawOutput.
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const waitForLog = (
    pred: (r: Record<string, unknown>) => boolean,
    ms = 30_000,
  ): Promise<Record<string, unknown>> => {
    const found = logs.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no matching controller log within ${ms} ms; output:\n${raw.slice(-4000)}`)),
        ms,
      );
      waiters.push({
        pred,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(
          new Error(`controller exited (${code}) before the expected log; output:\n${raw.slice(-4000)}`),
        );
      });
    });
  };

  const listening = await waitForLog((r) => r['msg'] === 'listening', timeoutMs);
  return {
    publicUrl: `http://127.0.0.1:${String(listening['publicPort'])}`,
    internalUrl: `http://127.0.0.1:${String(listening['internalPort'])}`,
    logs,
    rawOutput: () => raw,
    waitForLog,
    child,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      const t = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(t);
      return code;
    },
  };
}
