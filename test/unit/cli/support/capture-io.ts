// A CliIo that records what a subcommand prints, with piped (non-terminal) stdin and stdout.
import { PassThrough, Readable } from 'node:stream';
import type { CliIo } from '../../../../src/cli/cli-io.ts';

export interface CapturedIo extends CliIo {
  readonly out: () => string;
  readonly err: () => string;
}

export function captureIo(
  options: { stdin?: string; env?: Record<string, string>; now?: number } = {},
): CapturedIo {
  let out = '';
  let err = '';
  const output = new PassThrough();
  output.on('data', (c: Buffer) => (out += c.toString('utf8')));
  return {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
    output,
    stdinIsTTY: false,
    stdoutIsTTY: false,
    env: options.env ?? {},
    now: () => options.now ?? Date.now(),
    out: () => out,
    err: () => err,
  };
}
