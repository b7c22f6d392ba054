// `npm run demo`: a local control plane, the demo namespace, kubetalk, and the chat simulator, in one command.
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { META_HELP, parseMetaCommand } from '../src/cli/chat-meta-commands.ts';
import { runChatSession } from '../src/cli/chat-session.ts';
import { startWebChat } from '../src/simulator/web/web-chat-server.ts';
import { createChatClient } from '../src/simulator/chat-client.ts';
import { DEFAULT_IDENTITY, DEFAULT_WEBHOOK_PORT } from '../src/simulator/identity.ts';
import { chooseStyle } from '../src/simulator/terminal/style.ts';
import {
  createControlPlane,
  defaultStateDir,
  readClusterState,
  repoRoot,
} from '../tools/local-cluster/index.ts';
import { startDemoController } from './demo-controller.ts';
import { DEMO_NAMESPACE } from './demo-manifests.ts';
import { waitForDemoCommands } from './demo-ready.ts';
import { setUpDemo, tearDownDemo } from './demo-setup.ts';

const HELP = `Usage: npm run demo -- [--kubeconfig PATH] [--keep-cluster] [--namespace NS] [--port PORT] [--secret S]

Starts a local Kubernetes control plane (built from source the first time, cached afterwards), installs the
ChatCommand CRD, creates namespace "demo" with Deployment web, a runner and sample ChatCommands, starts
kubetalk and opens a chat simulator. Ctrl-C (or /quit) stops kubetalk and the control plane.

Options:
  --kubeconfig PATH   use this cluster instead of the embedded one (the demo namespace is deleted at the end)
  --keep-cluster      leave the control plane (or, with --kubeconfig, the demo namespace) running at the end
  --namespace NS      namespace for the demo objects (default: demo)
  --port PORT         kubetalk's callback port (default: 8080, or any free port if 8080 is taken)
  --secret SECRET     the app secret kubetalk and the simulator share (default: demo-secret)
  --stream            Stream mode: kubetalk connects out to the simulator, which plays DingTalk's Stream gateway
  --web               the chat in a browser page (http://127.0.0.1:8090/, or --web-port) instead of the terminal`;

function parseCommandLine(): ReturnType<typeof parseDemoArgs> {
  try {
    const parsed = parseDemoArgs();
    for (const name of ['port', 'web-port'] as const) {
      const port = parsed.values[name];
      if (port !== undefined && !(/^\d+$/.test(port) && Number(port) <= 65535)) {
        throw new Error(`--${name} must be a port number (0 = any free port), got "${port}"`);
      }
    }
    return parsed;
  } catch (err) {
    console.error(`npm run demo: ${err instanceof Error ? err.message : String(err)}\n\n${HELP}`);
    process.exit(2);
  }
}

function parseDemoArgs() {
  return parseArgs({
    options: {
      kubeconfig: { type: 'string' },
      'keep-cluster': { type: 'boolean' },
      namespace: { type: 'string' },
      port: { type: 'string' },
      secret: { type: 'string' },
      stream: { type: 'boolean' },
      web: { type: 'boolean' },
      'web-port': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

const { values } = parseCommandLine();
if (values.help === true) {
  console.log(HELP);
  process.exit(0);
}

const started = Date.now();
const style = chooseStyle(process.stderr.isTTY === true, process.env);
let lastProgress = Date.now();
const progress = (line: string): void => {
  lastProgress = Date.now();
  const t = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
  process.stderr.write(`${style.dim(`[demo ${t}s]`)} ${line}\n`);
};

/** Slow steps (a first build compiles Kubernetes for many minutes) say they are alive every 20 s of silence. */
async function withHeartbeat<T>(what: string, work: () => Promise<T>): Promise<T> {
  const since = Date.now();
  const timer = setInterval(() => {
    if (Date.now() - lastProgress < 20_000) return;
    const minutes = Math.floor((Date.now() - since) / 60_000);
    const seconds = Math.floor(((Date.now() - since) % 60_000) / 1000);
    progress(`still ${what} (${minutes > 0 ? `${minutes} min ` : ''}${seconds} s so far)`);
  }, 5_000);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
const namespace = values.namespace ?? DEMO_NAMESPACE;
const secret = values.secret ?? 'demo-secret';
const keep = values['keep-cluster'] === true;

/** Undo steps, newest first; run once, on the way out, whatever way that is. */
const cleanups: { what: string; run: () => Promise<void> }[] = [];
let tearingDown: Promise<void> | undefined;
const tearDown = (): Promise<void> =>
  (tearingDown ??= (async () => {
    for (const step of cleanups.reverse()) {
      progress(step.what);
      await step
        .run()
        .catch((err: unknown) => progress(`  failed: ${err instanceof Error ? err.message : String(err)}`));
    }
  })());

const interrupted = new AbortController();
let signals = 0;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    signals += 1;
    if (signals > 1) {
      progress('interrupted again: exiting now; "./dev run cluster:down" stops a control plane left behind');
      process.exit(130);
    }
    interrupted.abort();
    // Before the chat opens there is nothing to finish politely: tear down and leave.
    if (!chatOpen) void tearDown().then(() => process.exit(130));
  });
}
let chatOpen = false;

async function main(): Promise<number> {
  let kubeconfig = values.kubeconfig;
  let logFile: string | undefined;
  if (kubeconfig === undefined) {
    const stateDir = defaultStateDir();
    const plane = await withHeartbeat(
      'preparing the control plane (a first build compiles it: 10–25 minutes)',
      () => createControlPlane(stateDir, progress),
    );
    const wasRunning =
      readClusterState(stateDir) !== undefined && Object.values(plane.running()).every(Boolean);
    if (wasRunning)
      progress('reusing the control plane that is already running (it keeps running afterwards)');
    else {
      cleanups.push({
        what: keep
          ? 'leaving the control plane running (./dev run cluster:down stops it)'
          : 'stopping the control plane',
        run: keep ? () => Promise.resolve() : () => plane.stop(),
      });
    }
    progress('starting the local control plane (etcd, kube-apiserver, controller-manager, scheduler, kwok)');
    const state = await withHeartbeat('starting the control plane', () => plane.start());
    kubeconfig = state.kubeconfig;
    logFile = state.logFiles['app'];
  } else if (!keep) {
    const config = kubeconfig;
    cleanups.push({
      what: `deleting namespace ${namespace}`,
      run: async () => void (await tearDownDemo(config, namespace)),
    });
  }

  const config = kubeconfig;
  const demo = await withHeartbeat('setting up the demo namespace', () =>
    setUpDemo({ kubeconfig: config, namespace, progress, ...(logFile ? { logFile } : {}) }),
  );

  const streamMode = values.stream === true;
  const client = await createChatClient({
    url: '',
    secret,
    identity: DEFAULT_IDENTITY,
    webhookPort: 0,
    ...(streamMode ? { stream: { port: 0, clientId: 'demo-client' } } : {}),
  });
  cleanups.push({ what: 'closing the chat simulator', run: () => client.close() });
  const logDir = join(repoRoot, '.cache', 'demo');
  mkdirSync(logDir, { recursive: true });
  const controllerLog = join(logDir, 'kubetalk.log');
  const requested = values.port === undefined ? undefined : Number(values.port);
  const publicPort = requested ?? ((await isPortFree(8080)) ? 8080 : 0);
  const internalPort = (await isPortFree(9090)) ? 9090 : 0;
  progress('starting kubetalk');
  const controller = await withHeartbeat('starting kubetalk', () =>
    startDemoController({
      kubeconfig,
      secret,
      namespace,
      // The simulator below, and `kubetalk say` / `chat` from another terminal (their default webhook port).
      replyHosts: [client.webhookHost, `127.0.0.1:${DEFAULT_WEBHOOK_PORT}`],
      publicPort,
      internalPort,
      logFile: controllerLog,
      ...(streamMode && client.gatewayUrl !== undefined
        ? {
            stream: {
              gatewayUrl: client.gatewayUrl,
              gatewayHost: new URL(client.gatewayUrl).host,
              clientId: 'demo-client',
            },
          }
        : {}),
    }),
  );
  cleanups.push({ what: 'stopping kubetalk', run: async () => void (await controller.stop()) });
  client.setUrl(controller.callbackUrl);
  await waitForDemoCommands(kubeconfig, namespace, demo.commands, progress);
  progress(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  process.stderr.write(
    [
      '',
      `  kubetalk     ${controller.callbackUrl}  (log: ${controllerLog})`,
      `  metrics      ${controller.metricsUrl}`,
      `  kubectl      export KUBECONFIG=${kubeconfig}; kubectl get deploy,chatcommands -n ${namespace}`,
      `  scripting    npx kubetalk say --secret ${secret} --url ${controller.callbackUrl} scale web 2`,
      '',
    ].join('\n') + '\n',
  );
  if (interrupted.signal.aborted) return 130;
  chatOpen = true;
  if (values.web === true) {
    const web = await startWebChat({
      client,
      port: values['web-port'] === undefined ? 8090 : Number(values['web-port']),
      timeoutMs: 30_000,
      parseLine: parseMetaCommand,
      help: META_HELP,
    });
    cleanups.push({ what: 'closing the web chat', run: () => web.close() });
    process.stdout.write(`web chat: open ${web.url} (Ctrl-C ends the demo)\n`);
    await new Promise<void>((resolve) => {
      if (interrupted.signal.aborted) resolve();
      interrupted.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    return 0;
  }
  return await runChatSession({
    client,
    input: process.stdin,
    output: process.stdout,
    interactive: process.stdin.isTTY === true && process.stdout.isTTY === true,
    style: chooseStyle(process.stdout.isTTY === true, process.env),
    timeoutMs: 30_000,
    lingerMs: 0,
    signal: interrupted.signal,
    intro: [
      '',
      style.bold('Try / 试试:'),
      `  scale web 3          扩容 web 3          ${style.dim('(1–5 replicas allowed)')}`,
      `  status web           logs web --tail 5`,
      `  restart web          ${style.dim('a follow-up arrives when the rollout completes / 发布完成后会再回复')}`,
      `  help    whoami       ${style.dim('帮助    我是谁')}`,
      `  undo web             ${style.dim('group admins only: type /admin on first')}`,
      `  /as mallory          ${style.dim('someone the ChatCommands do not allow: see the refusal')}`,
      style.dim('Ctrl-C or /quit ends the demo and stops everything it started.'),
    ],
  });
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

main().then(
  async (code) => {
    await tearDown();
    progress('done');
    process.exit(code);
  },
  async (err: unknown) => {
    progress(`failed: ${err instanceof Error ? err.message : String(err)}`);
    await tearDown();
    process.exit(1);
  },
);
