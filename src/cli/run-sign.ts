// `kubetalk sign`: the timestamp and sign headers of a DingTalk callback, and a curl line that sends one.
import type { CliIo } from './cli-io.ts';
import { parseOptions, UsageError } from './parse-options.ts';
import { createCallbackBuilder, signCallback } from '../simulator/dingtalk/index.ts';
import { DEFAULT_CALLBACK_URL, DEFAULT_IDENTITY } from '../simulator/identity.ts';

export const SIGN_HELP = `Usage: kubetalk sign --secret SECRET [--timestamp MS] [--url URL] [--text TEXT]

Prints the two headers DingTalk puts on every callback,
  sign = Base64(HmacSHA256(secret, timestamp + "\\n" + secret)),
and a curl command that posts a signed group message to kubetalk. Use it to check a secret or a clock:
kubetalk answers 401 when the secret differs or the timestamp is outside its window (1 hour by default).
The curl message's sessionWebhook is made up, so kubetalk accepts it (200) but its reply goes nowhere;
use "kubetalk say" for a round trip.

Options:
  --secret SECRET   the DingTalk app secret (default: $KUBETALK_DINGTALK_APP_SECRET)
  --timestamp MS    milliseconds since the epoch (default: now)
  --url URL         kubetalk's callback URL (default: ${DEFAULT_CALLBACK_URL})
  --text TEXT       what the curl message says (default: whoami)

Examples:
  kubetalk sign --secret 'this is secret' --timestamp 1577262236757
  kubetalk sign --secret "$SECRET" --url https://kubetalk.example.com/callbacks/dingtalk --text 'status web'`;

const OPTIONS = {
  secret: { type: 'string' },
  timestamp: { type: 'string' },
  url: { type: 'string' },
  text: { type: 'string' },
} as const;

/** Beyond this, DingTalk and kubetalk's default window reject a timestamp. */
const WINDOW_MS = 3_600_000;

export function runSign(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parseOptions(args, OPTIONS);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const secret = values.secret ?? io.env['KUBETALK_DINGTALK_APP_SECRET'];
  if (secret === undefined || secret === '') {
    throw new UsageError('no secret: pass --secret or set KUBETALK_DINGTALK_APP_SECRET');
  }
  const timestamp = values.timestamp ?? String(io.now());
  if (!/^\d{1,16}$/.test(timestamp)) {
    throw new UsageError(`--timestamp must be milliseconds since the epoch, got "${timestamp}"`);
  }
  const sign = signCallback(secret, timestamp);
  const url = values.url ?? DEFAULT_CALLBACK_URL;
  const body = createCallbackBuilder({ now: () => Number(timestamp) }).buildGroupMessage({
    message: values.text ?? 'whoami',
    conversationId: DEFAULT_IDENTITY.conversationId,
    sender: { staffId: DEFAULT_IDENTITY.staffId, nick: DEFAULT_IDENTITY.name },
  });
  io.stdout(`timestamp: ${timestamp}\nsign: ${sign}\n\n`);
  io.stdout(
    [
      `curl -sS -i -X POST ${quote(url)}`,
      `  -H 'Content-Type: application/json; charset=utf-8'`,
      `  -H ${quote(`timestamp: ${timestamp}`)}`,
      `  -H ${quote(`sign: ${sign}`)}`,
      `  --data-binary ${quote(JSON.stringify(body))}`,
    ].join(' \\\n') + '\n',
  );
  const skew = Number(timestamp) - io.now();
  if (Math.abs(skew) > WINDOW_MS) {
    const hours = (Math.abs(skew) / WINDOW_MS).toFixed(1);
    io.stderr(
      `note: this timestamp is ${hours} h ${skew < 0 ? 'in the past' : 'in the future'}; kubetalk answers 401 ` +
        `beyond KUBETALK_SIGNATURE_WINDOW_SECONDS (1 h by default)\n`,
    );
  }
  return 0;
}

/** A POSIX shell single-quoted word. */
function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
