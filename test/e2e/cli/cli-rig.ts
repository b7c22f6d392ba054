// E2e rig for the CLI: the demo objects in a test namespace, a least-privilege controller, and `node dist/cli/main.js`.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { waitForDemoCommands } from '../../../scripts/demo-ready.ts';
import { setUpDemo, type DemoSetup } from '../../../scripts/demo-setup.ts';
import { repoRoot } from '../../../tools/local-cluster/index.ts';
import { controllerEnv, controllerKubeconfig } from '../../support/chat-harness.ts';
import { deleteTestNamespace, eventually, getTestCluster } from '../../support/cluster.ts';
import { startControllerProcess, type ControllerProcess } from '../../support/controller-process.ts';

export const SECRET = 'e2e-cli-secret';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliRig {
  readonly demo: DemoSetup;
  readonly namespace: string;
  readonly user: string;
  readonly conversation: string;
  readonly controller: ControllerProcess;
  /** The flags that point a simulator at this rig's controller, as its allowed user and conversation. */
  readonly flags: readonly string[];
  /** Runs `kubetalk <args>` as its own process, with `input` on stdin. */
  cli(args: readonly string[], input?: string): Promise<CliResult>;
  replicas(): Promise<number | undefined>;
  stop(): Promise<void>;
}

export async function startCliRig(prefix: string): Promise<CliRig> {
  const { state, apps } = getTestCluster();
  const namespace = `${prefix}-${randomBytes(4).toString('hex')}`;
  // Unique ids, so commands of parallel test files never collide in one conversation.
  const conversation = `cidE2E-${namespace}==`;
  const user = `staff-${namespace}`;
  const demo = await setUpDemo({
    kubeconfig: state.kubeconfig,
    namespace,
    allow: { conversations: [conversation], users: [user] },
    rolloutTimeoutMs: 60_000,
  });
  const port = await freePort();
  const controller = await startControllerProcess(
    controllerEnv(`127.0.0.1:${port}`, {
      KUBECONFIG: controllerKubeconfig(),
      KUBETALK_DINGTALK_APP_SECRET: SECRET,
      KUBETALK_NAMESPACES: namespace,
      KUBETALK_RESYNC_SECONDS: '2',
    }),
  );
  await eventually('controller ready', async () =>
    (await fetch(`${controller.internalUrl}/readyz`)).ok ? true : undefined,
  );
  const pending = await waitForDemoCommands(state.kubeconfig, namespace, demo.commands, () => undefined);
  if (pending.length > 0) throw new Error(`demo ChatCommands not Ready: ${pending.join('; ')}`);
  const flags = [
    '--url',
    `${controller.publicUrl}/callbacks/dingtalk`,
    '--secret',
    SECRET,
    '--webhook-port',
    String(port),
    '--as',
    user,
    '--conversation',
    conversation,
  ];
  return {
    demo,
    namespace,
    user,
    conversation,
    controller,
    flags,
    cli: (args, input) => runCli(args, input),
    replicas: async () => (await apps.readNamespacedDeployment({ name: 'web', namespace })).spec?.replicas,
    async stop() {
      await controller.stop();
      await deleteTestNamespace(namespace);
    },
  };
}

export function runCli(args: readonly string[], input?: string): Promise<CliResult> {
  const running = startCli(args);
  running.end(input);
  return running.done;
}

/** A CLI process whose stdin stays open until `end`: a test can wait for output, then type more. */
export interface RunningCli {
  write(text: string): void;
  /** Resolves with stdout once it matches. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  end(text?: string): void;
  readonly done: Promise<CliResult>;
}

export function startCli(args: readonly string[]): RunningCli {
  const child = spawn(process.execPath, [join(repoRoot, 'dist', 'cli', 'main.js'), ...args], {
    env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
  return {
    write: (text) => child.stdin.write(text),
    end: (text) => child.stdin.end(text ?? ''),
    done,
    waitForOutput: (pattern, timeoutMs = 60_000) =>
      eventually(
        `output matching ${pattern}`,
        () => Promise.resolve(pattern.test(stdout) ? stdout : undefined),
        timeoutMs,
      ).catch((err: unknown) => {
        throw new Error(
          `${err instanceof Error ? err.message : String(err)}; stdout so far:\n${stdout}\nstderr:\n${stderr}`,
        );
      }),
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
