// kubetalk sign: DingTalk's signature vector, the curl line, and its refusals.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/cli/parse-options.ts';
import { runSign } from '../../../src/cli/run-sign.ts';
import { verifySignature } from '../../../src/platforms/dingtalk/verify-signature.ts';
import { captureIo } from './support/capture-io.ts';

const SECRET = 'this is secret';
const TIMESTAMP = '1577262236757';
const SIGN = 'hmPWwU+7lVdm3ZZz0r9tSfx0L4Q26jWOZr9+Gs6EZQM=';

describe('kubetalk sign', () => {
  it('prints the headers of the protocol reference vector', () => {
    const io = captureIo({ now: Number(TIMESTAMP) });
    expect(runSign(['--secret', SECRET, '--timestamp', TIMESTAMP], io)).toBe(0);
    expect(io.out()).toMatch(
      /^timestamp: 1577262236757\nsign: hmPWwU\+7lVdm3ZZz0r9tSfx0L4Q26jWOZr9\+Gs6EZQM=\n/,
    );
    expect(io.err()).toBe('');
  });

  it('prints a curl line with both headers, the URL and a signed-for body, quoted for the shell', () => {
    const io = captureIo({ now: Number(TIMESTAMP) });
    runSign(
      [
        '--secret',
        SECRET,
        '--timestamp',
        TIMESTAMP,
        '--url',
        'https://k.example/callbacks/dingtalk',
        '--text',
        "it's web",
      ],
      io,
    );
    const curl = io.out().slice(io.out().indexOf('curl'));
    expect(curl).toContain("'https://k.example/callbacks/dingtalk'");
    expect(curl).toContain(`-H 'timestamp: ${TIMESTAMP}'`);
    expect(curl).toContain(`-H 'sign: ${SIGN}'`);
    expect(curl).toContain("-H 'Content-Type: application/json; charset=utf-8'");
    // The shell turns the quoted word back into the exact JSON; run it through sh to be sure.
    const dataWord = curl.slice(curl.indexOf('--data-binary ') + '--data-binary '.length).trim();
    const json = execFileSync('sh', ['-c', `printf %s ${dataWord}`], { encoding: 'utf8' });
    const body = JSON.parse(json) as { text: { content: string }; createAt: number; msgtype: string };
    expect(body.msgtype).toBe('text');
    expect(body.text.content.trim()).toBe("it's web");
    expect(body.createAt).toBe(Number(TIMESTAMP));
  });

  it('agrees with the product verifier for the current time', () => {
    const now = 1_772_376_934_909;
    const io = captureIo({ now });
    runSign(['--secret', 'robot secret'], io);
    const sign = /sign: (\S+)/.exec(io.out())?.[1] ?? '';
    const result = verifySignature({ timestamp: String(now), sign }, ['robot secret'], now);
    expect(result.ok).toBe(true);
  });

  it('reads the secret from KUBETALK_DINGTALK_APP_SECRET', () => {
    const io = captureIo({ env: { KUBETALK_DINGTALK_APP_SECRET: SECRET }, now: Number(TIMESTAMP) });
    runSign(['--timestamp', TIMESTAMP], io);
    expect(io.out()).toContain(`sign: ${SIGN}`);
  });

  it('notes a timestamp outside the 1-hour window', () => {
    const io = captureIo({ now: Number(TIMESTAMP) + 2 * 3_600_000 });
    runSign(['--secret', SECRET, '--timestamp', TIMESTAMP], io);
    expect(io.err()).toMatch(/2\.0 h in the past; kubetalk answers 401/);
  });

  it.each([
    [[], /no secret/],
    [['--secret', SECRET, '--timestamp', 'yesterday'], /--timestamp must be milliseconds/],
    [['--secret', SECRET, 'extra'], /unexpected argument "extra"/],
    [['--secret', SECRET, '--bogus'], /Unknown option '--bogus'/],
  ])('refuses %j as a usage error', (args, message) => {
    expect(() => runSign(args, captureIo())).toThrow(UsageError);
    expect(() => runSign(args, captureIo())).toThrow(message);
  });
});
