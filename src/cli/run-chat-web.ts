// `kubetalk chat --web`: the same simulated DingTalk conversation, in a browser page served on 127.0.0.1.
import { createChatClient, type ChatClient } from '../simulator/chat-client.ts';
import { SimulatorError } from '../simulator/explain-delivery.ts';
import { startWebChat, type WebChat } from '../simulator/web/web-chat-server.ts';
import { describeIdentity, META_HELP, parseMetaCommand } from './chat-meta-commands.ts';
import type { CliIo } from './cli-io.ts';
import type { SimulatorSettings } from './simulator-options.ts';

export const DEFAULT_WEB_PORT = 8090;

export interface WebChatRun {
  readonly settings: SimulatorSettings;
  readonly webPort: number;
  /** Ends the page server (tests; the CLI ends on SIGINT/SIGTERM). */
  readonly signal?: AbortSignal;
}

/** Serves the page until Ctrl-C or SIGTERM; 2 when the simulator could not start (port taken…). */
export async function runChatWeb(run: WebChatRun, io: CliIo): Promise<number> {
  let client: ChatClient | undefined;
  let web: WebChat | undefined;
  try {
    client = await createChatClient(run.settings.client);
    web = await startWebChat({
      client,
      port: run.webPort,
      timeoutMs: run.settings.timeoutMs,
      parseLine: parseMetaCommand,
      help: META_HELP,
    }).catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
        throw new SimulatorError(`port ${run.webPort} on 127.0.0.1 is in use; pick another with --web-port`, {
          cause: err,
        });
      throw err;
    });
    io.output.write(
      `kubetalk chat — a simulated DingTalk conversation, in your browser\n` +
        `you are ${describeIdentity(client.identity)}\n` +
        `replies come back to http://${client.webhookHost}\n` +
        `open ${web.url} (Ctrl-C stops)\n`,
    );
    await waitForStop(run.signal);
    return 0;
  } catch (err) {
    if (!(err instanceof SimulatorError)) throw err;
    io.stderr(`kubetalk chat: ${err.message}\n`);
    return 2;
  } finally {
    await web?.close();
    await client?.close();
  }
}

function waitForStop(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    if (signal?.aborted) done();
    signal?.addEventListener('abort', done, { once: true });
  });
}
