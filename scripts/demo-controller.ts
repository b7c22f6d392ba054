// Runs the built controller (dist/main.js) for the demo, its JSON log in a file, and stops it on request.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot } from '../tools/local-cluster/index.ts';

export interface DemoControllerOptions {
  readonly kubeconfig: string;
  readonly secret: string;
  readonly namespace: string;
  /** host:port entries the controller may post replies to (the simulators' sessionWebhooks). */
  readonly replyHosts: readonly string[];
  readonly publicPort: number;
  readonly internalPort: number;
  readonly logFile: string;
  /** Stream mode: the simulated gateway's URL and host (issue 12). */
  readonly stream?: { readonly gatewayUrl: string; readonly gatewayHost: string; readonly clientId: string };
}

export interface DemoController {
  readonly callbackUrl: string;
  readonly metricsUrl: string;
  /** SIGTERM, then SIGKILL after 15 s; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export async function startDemoController(options: DemoControllerOptions): Promise<DemoController> {
  const main = join(repoRoot, 'dist', 'main.js');
  if (!existsSync(main))
    throw new Error(`${main} is missing: run "npm run build" (npm run demo does it for you)`);
  const log = createWriteStream(options.logFile, { flags: 'w' });
  const child = spawn(process.execPath, ['--enable-source-maps', main], {
    // Only what the controller needs: stray KUBETALK_* or POD_* variables of the shell must not change the demo.
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      KUBECONFIG: options.kubeconfig,
      KUBETALK_DINGTALK_APP_SECRET: options.secret,
      KUBETALK_BIND_ADDRESS: '127.0.0.1',
      KUBETALK_PUBLIC_PORT: String(options.publicPort),
      KUBETALK_INTERNAL_PORT: String(options.internalPort),
      KUBETALK_NAMESPACES: options.namespace,
      KUBETALK_REPLY_ALLOWED_HOSTS: options.replyHosts.join(','),
      KUBETALK_REPLY_ALLOW_INSECURE_HTTP: 'true',
      KUBETALK_RESYNC_SECONDS: '5',
      KUBETALK_LOG_LEVEL: 'info',
      ...(options.stream
        ? {
            KUBETALK_DINGTALK_MODE: 'stream',
            KUBETALK_DINGTALK_CLIENT_ID: options.stream.clientId,
            KUBETALK_DINGTALK_STREAM_GATEWAY_URL: options.stream.gatewayUrl,
            KUBETALK_DINGTALK_API_ALLOWED_HOSTS: `${options.stream.gatewayHost},api.dingtalk.com`,
            KUBETALK_DINGTALK_API_ALLOW_INSECURE: 'true',
          }
        : {}),
    },
    // Its own process group: the terminal's Ctrl-C reaches the demo, which then stops the controller in order.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const listening = new Promise<{ public: number; internal: number }>((resolve) => {
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const ports = readListeningPorts(line);
        if (ports) resolve(ports);
      }
    });
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  // If the demo itself dies, do not leave the controller behind.
  const killOnExit = (): void => {
    if (exitCode === undefined) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const ports = await waitForListening(listening, exited, options.logFile);
  const internalUrl = `http://127.0.0.1:${ports.internal}`;
  await waitForReady(internalUrl, () => exitCode, options.logFile);
  return {
    callbackUrl: `http://127.0.0.1:${ports.public}/callbacks/dingtalk`,
    metricsUrl: `${internalUrl}/metrics`,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (exitCode !== undefined) return exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      log.end();
      return code;
    },
  };
}

/** The "listening" log line carries the real ports (port 0 means "any free port"). */
function readListeningPorts(line: string): { public: number; internal: number } | undefined {
  if (!line.includes('"listening"')) return undefined;
  try {
    const rec = JSON.parse(line) as { msg?: string; publicPort?: number; internalPort?: number };
    if (rec.msg !== 'listening' || rec.publicPort === undefined || rec.internalPort === undefined)
      return undefined;
    return { public: rec.publicPort, internal: rec.internalPort };
  } catch {
    return undefined;
  }
}

async function waitForListening(
  listening: Promise<{ public: number; internal: number }>,
  exited: Promise<number | null>,
  logFile: string,
): Promise<{ public: number; internal: number }> {
  const result = await Promise.race([
    listening,
    exited.then((code) => ({ exited: code })),
    sleep(60_000).then(() => ({ timedOut: true })),
  ]);
  if ('public' in result) return result;
  // Give the log stream a moment to flush what the controller said before it went away.
  await sleep(200);
  if ('exited' in result) throw new Error(`kubetalk exited (${result.exited}):\n${tail(logFile)}`);
  throw new Error(`kubetalk did not start listening within 60 s:\n${tail(logFile)}`);
}

async function waitForReady(
  internalUrl: string,
  exitCode: () => number | null | undefined,
  logFile: string,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exitCode() !== undefined) throw new Error(`kubetalk exited (${exitCode()}):\n${tail(logFile)}`);
    const ok = await fetch(`${internalUrl}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(250);
  }
  throw new Error(`kubetalk was not ready within 60 s:\n${tail(logFile)}`);
}

function tail(file: string): string {
  return readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
}
