// kubetalk chat driven through a pipe: a transcript with rendered replies, meta commands, late follow-ups.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMetaCommand } from '../../../src/cli/chat-meta-commands.ts';
import { runChat } from '../../../src/cli/run-chat.ts';
import { DEFAULT_IDENTITY } from '../../../src/simulator/identity.ts';
import { captureIo } from './support/capture-io.ts';
import { startFakeKubetalk, type FakeKubetalk } from './support/fake-kubetalk.ts';

const SECRET = 'unit-secret';
let kubetalk: FakeKubetalk;

beforeAll(async () => {
  kubetalk = await startFakeKubetalk(SECRET, (text) => {
    if (text === 'scale web 3') return [{ markdown: '✅ **scaled deployment/web in demo: 2 → 3**' }];
    if (text === 'restart web')
      return [
        { markdown: '✅ **restarted deployment/web**' },
        { markdown: 'Update on **deployment/web**\n\n✅ **rollout complete**', delayMs: 300 },
      ];
    if (text === '/etc') return [{ markdown: 'I do not know the command "/etc".' }];
    if (text === 'silence') return [];
    return [{ markdown: `echo: ${text}` }];
  });
});
afterAll(() => kubetalk.close());

async function chat(input: string, args: string[] = []) {
  const io = captureIo({ stdin: input });
  const code = await runChat(['--url', kubetalk.url, '--secret', SECRET, '--webhook-port', '0', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('kubetalk chat with piped input', () => {
  it('prints a transcript: banner, each line, its rendered reply with the mention', async () => {
    const { code, out } = await chat('scale web 3\n\nwhoami\n');
    expect(code).toBe(0);
    expect(out).toContain('you are Demo User (staff id demo-user) in group cidKubetalkDemoGroup0==');
    expect(out).toMatch(
      /demo-user> scale web 3\nkubetalk → @demo-user · \d\d:\d\d:\d\d\n {2}✅ \*scaled deployment\/web in demo: 2 → 3\*\n\ndemo-user> whoami\nkubetalk → @demo-user · \d\d:\d\d:\d\d\n {2}echo: whoami\n/,
    );
    expect(out).not.toContain('**');
  });

  it('switches user and admin flag with /as and /admin, and sends //text as /text', async () => {
    const { out } = await chat(
      '/as alice01 Alice Liddell\n/admin on\nhello\n//etc\n/as\n/admin maybe\n/nope\n/help\n',
    );
    expect(out).toContain('now typing as Alice Liddell (staff id alice01) in group');
    expect(out).toContain('alice01 (admin)> hello');
    expect(
      kubetalk.received.find((b) => (b['text'] as { content: string }).content.trim() === 'hello'),
    ).toMatchObject({
      senderStaffId: 'alice01',
      senderNick: 'Alice Liddell',
      isAdmin: true,
    });
    expect(out).toContain('I do not know the command "/etc".');
    expect(out).toContain('Alice Liddell (staff id alice01, group admin) in group');
    expect(out).toContain('usage: /admin on|off');
    expect(out).toContain('unknown simulator command "/nope"');
    expect(out).toContain('/as STAFFID [NAME]');
  });

  it('stops at /quit without sending the rest', async () => {
    const before = kubetalk.received.length;
    const { code } = await chat('/quit\nscale web 3\n');
    expect(code).toBe(0);
    expect(kubetalk.received.length).toBe(before);
  });

  it('prints a follow-up that arrives after the next line, and lingers for it at the end', async () => {
    const { out } = await chat('restart web\n', ['--linger', '2']);
    expect(out).toMatch(
      /follow-up 1 to "restart web"\n {2}Update on \*deployment\/web\*\n\n {2}✅ \*rollout complete\*/,
    );
  });

  it('says why a message got no reply, goes on, and exits 2', async () => {
    const { code, out } = await chat('silence\nscale web 3\n', ['--timeout', '1']);
    expect(code).toBe(2);
    expect(out).toMatch(/no reply within 1 s[\s\S]*2 → 3/);
  });

  it('says when the signature is refused', async () => {
    const io = captureIo({ stdin: 'hi\n' });
    const code = await runChat(['--url', kubetalk.url, '--secret', 'wrong', '--webhook-port', '0'], io);
    expect(code).toBe(2);
    expect(io.out()).toContain('kubetalk refused the signature (401');
  });

  it('refuses positional arguments', async () => {
    await expect(runChat(['--secret', 's', 'scale web 3'], captureIo())).rejects.toThrow(/use kubetalk say/);
  });
});

describe('parseMetaCommand', () => {
  it('sends ordinary text, including text that merely contains a slash', () => {
    expect(parseMetaCommand('logs web -c app/x', DEFAULT_IDENTITY)).toEqual({
      kind: 'send',
      text: 'logs web -c app/x',
    });
    expect(parseMetaCommand('/exit', DEFAULT_IDENTITY)).toEqual({ kind: 'quit' });
    expect(parseMetaCommand('/as 张三', DEFAULT_IDENTITY)).toMatchObject({ kind: 'error' });
    expect(parseMetaCommand('/as a b c', DEFAULT_IDENTITY)).toMatchObject({
      kind: 'identity',
      identity: { staffId: 'a', name: 'b c', isAdmin: false },
    });
  });
});
