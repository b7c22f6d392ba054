// The chat loop: read lines (a terminal or a pipe), send them as messages, print replies as they arrive.
import { clearLine, createInterface, cursorTo } from 'node:readline';
import type { ChatClient, ChatReply } from '../simulator/chat-client.ts';
import { explainMissingReply, SimulatorError } from '../simulator/explain-delivery.ts';
import { renderReplyBlock } from '../simulator/terminal/render-reply-block.ts';
import type { TerminalStyle } from '../simulator/terminal/style.ts';
import { describeIdentity, META_HELP, parseMetaCommand } from './chat-meta-commands.ts';

export interface ChatSessionOptions {
  readonly client: ChatClient;
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** A terminal: show a prompt and keep it below replies that arrive late. */
  readonly interactive: boolean;
  readonly style: TerminalStyle;
  /** How long to wait for the first reply before the next line is sent. */
  readonly timeoutMs: number;
  /** After the input ends, how long to keep printing follow-ups. */
  readonly lingerMs: number;
  /** Lines shown after the banner (the demo's suggestions). */
  readonly intro?: readonly string[];
  /** Ends the session from outside (the demo's Ctrl-C). */
  readonly signal?: AbortSignal;
}

/**
 * Lines are handled one at a time, each waiting for its first reply (or the timeout), so a piped script
 * reads as a conversation; follow-ups are printed whenever they come. Resolves with 0, or 2 when a message
 * could not be delivered or got no reply.
 */
export async function runChatSession(options: ChatSessionOptions): Promise<number> {
  const { client, style, output, interactive } = options;
  const rl = createInterface({
    input: options.input,
    ...(interactive ? { output, terminal: true } : { terminal: false }),
  });
  const quit = new AbortController();
  const stop = (): void => {
    quit.abort();
    rl.close();
  };
  options.signal?.addEventListener('abort', stop, { once: true });
  rl.on('SIGINT', stop);
  const prompt = (): string =>
    `${style.bold(client.identity.staffId)}${client.identity.isAdmin ? style.dim(' (admin)') : ''}> `;
  rl.setPrompt(prompt());
  let waiting = false;

  /** Prints above the prompt, so late replies never land in the middle of what the user types. */
  const print = (lines: readonly string[]): void => {
    if (interactive && !waiting) {
      clearLine(output, 0);
      cursorTo(output, 0);
    }
    output.write(`${lines.join('\n')}\n`);
    if (interactive && !waiting && !quit.signal.aborted) rl.prompt(true);
  };
  const unsubscribe = client.onReply((reply: ChatReply) => print([...renderReplyBlock(reply, style), '']));

  output.write(
    [
      style.bold('kubetalk chat') + style.dim(' — a simulated DingTalk conversation'),
      `you are ${describeIdentity(client.identity)}`,
      style.dim(
        `replies come back to http://${client.webhookHost}; /help lists simulator commands, /quit leaves`,
      ),
      ...(options.intro ?? []),
      '',
    ].join('\n') + '\n',
  );

  let failures = 0;
  if (interactive) rl.prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === '') {
      if (interactive) rl.prompt();
      continue;
    }
    const meta = parseMetaCommand(line, client.identity);
    if (meta.kind === 'quit') break;
    if (meta.kind === 'help') output.write(`${META_HELP.join('\n')}\n`);
    else if (meta.kind === 'error') output.write(`${style.bad(meta.message)}\n`);
    else if (meta.kind === 'identity') {
      client.setIdentity(meta.identity);
      rl.setPrompt(prompt());
      output.write(`${style.dim(meta.note)}\n`);
    } else {
      // Without a terminal nothing echoes the input, so the transcript shows what was said.
      if (!interactive) output.write(`${prompt()}${meta.text}\n`);
      waiting = true;
      const ok = await deliver(client, meta.text, options.timeoutMs, quit.signal, (m) =>
        output.write(`${style.bad(m)}\n\n`),
      );
      waiting = false;
      if (!ok) failures += 1;
    }
    if (quit.signal.aborted) break;
    if (interactive) rl.prompt();
  }
  if (!quit.signal.aborted && options.lingerMs > 0) {
    await abortableDelay(options.lingerMs, quit.signal);
  }
  unsubscribe();
  rl.close();
  if (interactive) output.write('\n');
  return failures > 0 ? 2 : 0;
}

/** Sends one message and waits for its first reply; false (after saying why) when that did not happen. */
async function deliver(
  client: ChatClient,
  text: string,
  timeoutMs: number,
  signal: AbortSignal,
  complain: (message: string) => void,
): Promise<boolean> {
  let sent;
  try {
    sent = await client.send(text);
  } catch (err) {
    if (!(err instanceof SimulatorError)) throw err;
    complain(err.message);
    return false;
  }
  const aborted = new Promise<'aborted'>((resolve) => {
    if (signal.aborted) resolve('aborted');
    signal.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
  const result = await Promise.race([
    client.waitForReplies(sent, 1, timeoutMs).then(
      () => 'replied' as const,
      () => 'timeout' as const,
    ),
    aborted,
  ]);
  if (result === 'timeout') {
    complain(explainMissingReply(client.requestsFor(sent), client.webhookHost, timeoutMs / 1000));
    return false;
  }
  return true;
}

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
