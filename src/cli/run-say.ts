// `kubetalk say "…"`: one message to kubetalk, its reply on stdout, and an exit code a script can test.
import { createChatClient, type ChatClient, type ChatReply } from '../simulator/chat-client.ts';
import { classifyReply, isSuccessfulOutcome, type ReplyOutcome } from '../simulator/classify-reply.ts';
import { explainMissingReply, SimulatorError } from '../simulator/explain-delivery.ts';
import { renderReplyBlock } from '../simulator/terminal/render-reply-block.ts';
import { chooseStyle } from '../simulator/terminal/style.ts';
import type { CliIo } from './cli-io.ts';
import { parseOptions, splitAtMessage, UsageError } from './parse-options.ts';
import { readSimulatorSettings, SIMULATOR_OPTIONS, SIMULATOR_OPTIONS_HELP } from './simulator-options.ts';

export const SAY_HELP = `Usage: kubetalk say [options] MESSAGE…

Sends one message to kubetalk as a DingTalk user would (signed, with a sessionWebhook hosted here), prints
the reply and exits. The words after the options are the message, so quotes are optional.

Exit code:
  0  the command ran and reported ✅, or a built-in (help, whoami) answered
  1  kubetalk refused (not allowed, unknown command, bad arguments…) or the action reported ❌;
     with --wait-follow-up, also when the follow-up reports ❌
  2  usage error, kubetalk unreachable or refusing the callback (e.g. 401), or no reply within --timeout

Options:
${SIMULATOR_OPTIONS_HELP}
  --wait-follow-up      after a ✅ reply, also wait for the follow-up (restart, status and undo send one when
                        the rollout completes or times out) and let it decide the exit code
  -o, --output FORMAT   text (default: the reply as plain text), markdown (as received) or json

Examples:
  kubetalk say --secret demo-secret scale web 3
  kubetalk say --as alice01 --conversation 'cidXXXX==' '扩容 web 3'
  kubetalk say --wait-follow-up --timeout 120 restart web && echo "rolled out"
  kubetalk say -o json whoami | jq -r '.replies[0].text'
  kubetalk say logs web --tail 5 -n shop      (options of kubetalk come before the message)`;

const OPTIONS = {
  ...SIMULATOR_OPTIONS,
  'wait-follow-up': { type: 'boolean' },
  output: { type: 'string', short: 'o' },
} as const;

type Output = 'text' | 'markdown' | 'json';

export async function runSay(args: readonly string[], io: CliIo): Promise<number> {
  const split = splitAtMessage(args, OPTIONS);
  const { values } = parseOptions(split.options, OPTIONS);
  const text = split.message.join(' ').trim();
  if (text === '') throw new UsageError('no message: kubetalk say [options] MESSAGE');
  const output = values.output ?? 'text';
  if (output !== 'text' && output !== 'markdown' && output !== 'json') {
    throw new UsageError(`--output must be text, markdown or json, got "${output}"`);
  }
  const settings = readSimulatorSettings(values, io);
  let client: ChatClient | undefined;
  try {
    client = await createChatClient(settings.client);
    const waitFollowUp = values['wait-follow-up'] === true;
    const { replies, followUpMissing } = await converse(client, text, settings.timeoutMs, waitFollowUp);
    const outcomes = replies.map((r) => classifyReply(r.message.text));
    const outcome: ReplyOutcome =
      outcomes.find((o) => !isSuccessfulOutcome(o)) ?? outcomes.at(-1) ?? 'refused';
    print(replies, outcome, output, io);
    if (followUpMissing) {
      throw new SimulatorError(
        `no follow-up within ${settings.timeoutMs / 1000} s (only restart, status and undo send one; a long rollout may need a longer --timeout)`,
      );
    }
    return isSuccessfulOutcome(outcome) ? 0 : 1;
  } catch (err) {
    if (!(err instanceof SimulatorError)) throw err;
    io.stderr(`kubetalk say: ${err.message}\n`);
    return 2;
  } finally {
    await client?.close();
  }
}

/** The first reply and, when asked and the command succeeded, its follow-up. */
async function converse(
  client: ChatClient,
  text: string,
  timeoutMs: number,
  waitFollowUp: boolean,
): Promise<{ replies: ChatReply[]; followUpMissing: boolean }> {
  const sent = await client.send(text);
  let replies: ChatReply[];
  try {
    replies = await client.waitForReplies(sent, 1, timeoutMs);
  } catch {
    throw new SimulatorError(
      explainMissingReply(client.requestsFor(sent), client.webhookHost, timeoutMs / 1000),
    );
  }
  const first = replies[0];
  if (!waitFollowUp || !first || classifyReply(first.message.text) !== 'succeeded') {
    return { replies, followUpMissing: false };
  }
  try {
    return { replies: await client.waitForReplies(sent, 2, timeoutMs), followUpMissing: false };
  } catch {
    return { replies, followUpMissing: true };
  }
}

function print(replies: readonly ChatReply[], outcome: ReplyOutcome, output: Output, io: CliIo): void {
  if (output === 'json') {
    const json = {
      outcome,
      replies: replies.map((r) => ({
        index: r.index,
        msgtype: r.message.msgtype,
        text: r.message.text,
        atUserIds: r.message.atUserIds,
        outcome: classifyReply(r.message.text),
      })),
    };
    io.stdout(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  const style = chooseStyle(io.stdoutIsTTY, io.env);
  replies.forEach((r, i) => {
    if (i > 0) io.stdout('\n');
    if (output === 'markdown') io.stdout(`${r.message.text}\n`);
    else io.stdout(`${renderReplyBlock(r, style, { header: false, indent: '' }).join('\n')}\n`);
  });
}
