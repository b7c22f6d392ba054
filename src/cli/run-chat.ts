// `kubetalk chat`: an interactive DingTalk conversation with a running kubetalk, in the terminal.
import { createChatClient, type ChatClient } from '../simulator/chat-client.ts';
import { SimulatorError } from '../simulator/explain-delivery.ts';
import { chooseStyle } from '../simulator/terminal/style.ts';
import { runChatSession } from './chat-session.ts';
import { DEFAULT_WEB_PORT, runChatWeb } from './run-chat-web.ts';
import type { CliIo } from './cli-io.ts';
import { parseOptions, readInteger, UsageError } from './parse-options.ts';
import { readSimulatorSettings, SIMULATOR_OPTIONS, SIMULATOR_OPTIONS_HELP } from './simulator-options.ts';

export const CHAT_HELP = `Usage: kubetalk chat [options]

A chat simulator: you type as a DingTalk user, each line is signed and posted to kubetalk's callback like
DingTalk would, and the replies (which kubetalk posts to a sessionWebhook hosted here) are shown as text,
follow-ups included. Lines starting with "/" are the simulator's own commands:
  /as STAFFID [NAME]  /admin on|off  /help  /quit      (//text sends "/text")
Without a terminal (piped input) each line waits for its first reply before the next is sent, and the
transcript goes to stdout, so scripts and tests can drive it.

Options:
${SIMULATOR_OPTIONS_HELP}
  --linger SECONDS      after the input ends, keep printing follow-ups this long (default: 0)
  --web                 serve the conversation as a page on http://127.0.0.1:WEB-PORT/ instead of the terminal:
                        replies' markdown rendered as DingTalk's subset, the same /as, /admin and /help
  --web-port PORT       the page's port on 127.0.0.1 (default: ${DEFAULT_WEB_PORT}; 0 = any free port)

Exit code: 0, or 2 when a message could not be delivered or got no reply, or on a usage error.

Examples:
  kubetalk chat --secret demo-secret
  kubetalk chat --as alice01 --name Alice --admin --conversation 'cidXXXX==' --url https://kubetalk.example.com/callbacks/dingtalk
  printf 'whoami\\nscale web 3\\n' | kubetalk chat --secret demo-secret --linger 5
  kubetalk chat --web --secret demo-secret            # then open http://127.0.0.1:${DEFAULT_WEB_PORT}/`;

const OPTIONS = {
  ...SIMULATOR_OPTIONS,
  linger: { type: 'string' },
  web: { type: 'boolean' },
  'web-port': { type: 'string' },
} as const;

export async function runChat(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(args, OPTIONS);
  if (positionals.length > 0) {
    throw new UsageError(`unexpected argument "${positionals[0]}" (to send one message, use kubetalk say)`);
  }
  const settings = readSimulatorSettings(values, io);
  if (values.web === true) {
    if (values.linger !== undefined) throw new UsageError('--linger has no meaning with --web');
    const webPort = readInteger('web-port', values['web-port'], DEFAULT_WEB_PORT, { min: 0, max: 65535 });
    return runChatWeb({ settings, webPort }, io);
  }
  if (values['web-port'] !== undefined) throw new UsageError('--web-port needs --web');
  const lingerMs = readInteger('linger', values.linger, 0, { min: 0, max: 3600 }) * 1000;
  let client: ChatClient | undefined;
  try {
    client = await createChatClient(settings.client);
    return await runChatSession({
      client,
      input: io.stdin,
      output: io.output,
      interactive: io.stdinIsTTY && io.stdoutIsTTY,
      style: chooseStyle(io.stdoutIsTTY, io.env),
      timeoutMs: settings.timeoutMs,
      lingerMs,
    });
  } catch (err) {
    if (!(err instanceof SimulatorError)) throw err;
    io.stderr(`kubetalk chat: ${err.message}\n`);
    return 2;
  } finally {
    await client?.close();
  }
}
