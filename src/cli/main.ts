#!/usr/bin/env node
// The `kubetalk` command line: one subcommand per job; `kubetalk <command> --help` explains each.
import { VERSION } from '../version.ts';
import { processIo } from './cli-io.ts';
import { UsageError } from './parse-options.ts';
import { VALIDATE_HELP } from './validate-help.ts';

// Each subcommand's code is imported when it runs (a chunk of its own in the bundle): `kubetalk run`, what the image
// starts, loads the controller and not the simulator or the web chat; `kubetalk chat` does not load the controller.
interface Subcommand {
  readonly summary: string;
  readonly help: () => Promise<string>;
  readonly run: (args: readonly string[]) => Promise<number>;
}

const RUN_HELP = `Usage: kubetalk run

Starts the controller: watches ChatCommands, serves POST /callbacks/dingtalk on KUBETALK_PUBLIC_PORT and
/metrics, /healthz, /readyz on KUBETALK_INTERNAL_PORT. Configuration comes from KUBETALK_* environment
variables (see the README's configuration table); SIGTERM drains in-flight commands, then exits.

Example:
  KUBETALK_DINGTALK_APP_SECRET=… KUBECONFIG=~/.kube/config kubetalk run`;

const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  run: {
    summary: 'run the controller (what the container runs)',
    help: () => Promise.resolve(RUN_HELP),
    run: async () => (await import('./run-controller.ts')).runController(),
  },
  chat: {
    summary: 'chat with a running kubetalk as a simulated DingTalk user',
    help: async () => (await import('./run-chat.ts')).CHAT_HELP,
    run: async (args) => (await import('./run-chat.ts')).runChat(args, processIo()),
  },
  say: {
    summary: 'send one message, print the reply; the exit code says whether it worked',
    help: async () => (await import('./run-say.ts')).SAY_HELP,
    run: async (args) => (await import('./run-say.ts')).runSay(args, processIo()),
  },
  sign: {
    summary: "print a callback's timestamp and sign headers, and a curl line",
    help: async () => (await import('./run-sign.ts')).SIGN_HELP,
    run: async (args) => (await import('./run-sign.ts')).runSign(args, processIo()),
  },
  validate: {
    summary: 'check ChatCommand YAML offline: schema, rules and trigger collisions',
    help: () => Promise.resolve(VALIDATE_HELP),
    // Loaded on use: the CRD validator and its CEL evaluator stay out of the controller's memory (`kubetalk run`).
    run: async (args) => (await import('./run-validate.ts')).runValidate(args, processIo()),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(SUBCOMMANDS).map((n) => n.length));
  const lines = Object.entries(SUBCOMMANDS).map(([n, s]) => `  ${n.padEnd(width)}  ${s.summary}`);
  return `kubetalk ${VERSION}: operate Kubernetes from DingTalk, safely\n\nUsage: kubetalk <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun "kubetalk <command> --help" for details and examples.`;
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === 'version') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const sub = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (!sub) {
    process.stderr.write(`kubetalk: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${await sub.help()}\n`);
    return 0;
  }
  try {
    return await sub.run(rest);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(
      `kubetalk ${name}: ${err.message}\nRun "kubetalk ${name} --help" for usage and examples.\n`,
    );
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`kubetalk: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
