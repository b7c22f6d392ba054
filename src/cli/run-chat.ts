// `kubetalk chat`: an interactive DingTalk conversation with a running kubetalk, in the terminal.
import { createChatClient, type ChatClient } from '../simulator/chat-client.ts';
import { SimulatorError } from '../simulator/explain-delivery.ts';
import { chooseStyle } from '../simulator/terminal/style.ts';
import { runChatSession } from './chat-session.ts';
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

Exit code: 0, or 2 when a message could not be delivered or got no reply, or on a usage error.

Examples:
  kubetalk chat --secret demo-secret
  kubetalk chat --as alice01 --name Alice --admin --conversation 'cidXXXX==' --url https://kubetalk.example.com/callbacks/dingtalk
  printf 'whoami\\nscale web 3\\n' | kubetalk chat --secret demo-secret --linger 5`;

const OPTIONS = { ...SIMULATOR_OPTIONS, linger: { type: 'string' } } as const;

export async function runChat(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(args, OPTIONS);
  if (positionals.length > 0) {
    throw new UsageError(`unexpected argument "${positionals[0]}" (to send one message, use kubetalk say)`);
  }
  const settings = readSimulatorSettings(values, io);
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
