// kubetalk say against a fake controller: signed delivery, reply on stdout, exit codes 0 / 1 / 2.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSay } from '../../../src/cli/run-say.ts';
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
        { markdown: 'Update on **deployment/web**\n\n✅ **rollout complete**', delayMs: 50 },
      ];
    if (text === 'restart api')
      return [
        { markdown: '✅ **restarted deployment/api**' },
        { markdown: 'Update on **deployment/api**\n\n❌ **rollout timed out**', delayMs: 50 },
      ];
    if (text === 'whoami') return [{ markdown: '### Who you are\n- name: x' }];
    if (text === 'silence') return [];
    return [{ markdown: 'Sorry, you are not allowed to run **scale** here.' }];
  });
});
afterAll(() => kubetalk.close());

async function say(args: string[], env: Record<string, string> = {}) {
  const io = captureIo({ env });
  const code = await runSay(['--url', kubetalk.url, '--secret', SECRET, '--webhook-port', '0', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('kubetalk say', () => {
  it('prints the reply as text and exits 0 on ✅', async () => {
    const { code, out } = await say(['scale', 'web', '3']);
    expect(code).toBe(0);
    expect(out).toBe('✅ *scaled deployment/web in demo: 2 → 3*\n');
  });

  it('keeps flags after the first word as part of the message', async () => {
    await say(['logs', 'web', '--tail', '5', '-n', 'shop']);
    expect(kubetalk.received.at(-1)).toMatchObject({ text: { content: ' logs web --tail 5 -n shop' } });
    await say(['--', '--weird']);
    expect(kubetalk.received.at(-1)).toMatchObject({ text: { content: ' --weird' } });
  });

  it('sends as the given user, in the given conversation, signed', async () => {
    await say(['--as', 'alice01', '--name', 'Alice', '--admin', '--conversation', 'cidX==', 'whoami']);
    const body = kubetalk.received.at(-1);
    expect(body).toMatchObject({
      senderStaffId: 'alice01',
      senderNick: 'Alice',
      isAdmin: true,
      conversationId: 'cidX==',
      conversationType: '2',
      isInAtList: true,
      text: { content: ' whoami' },
    });
  });

  it('sends a direct message with --direct, in the user’s own conversation', async () => {
    await say(['--direct', '--as', 'bob', 'whoami']);
    expect(kubetalk.received.at(-1)).toMatchObject({
      conversationType: '1',
      conversationId: 'cidDirect-bob',
    });
    expect(kubetalk.received.at(-1)).not.toHaveProperty('atUsers');
  });

  it('exits 0 for a built-in answer and 1 for a refusal', async () => {
    expect((await say(['whoami'])).code).toBe(0);
    const refused = await say(['scale', 'web', '50']);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('not allowed');
  });

  it('waits for the follow-up when asked, and lets it decide', async () => {
    const ok = await say(['--wait-follow-up', 'restart', 'web']);
    expect(ok.code).toBe(0);
    expect(ok.out).toBe(
      '✅ *restarted deployment/web*\n\nUpdate on *deployment/web*\n\n✅ *rollout complete*\n',
    );
    const bad = await say(['--wait-follow-up', 'restart', 'api']);
    expect(bad.code).toBe(1);
    const none = await say(['--wait-follow-up', '--timeout', '1', 'scale', 'web', '3']);
    expect(none.code).toBe(2);
    expect(none.out).toContain('2 → 3');
    expect(none.err).toContain('no follow-up within 1 s');
  });

  it('prints JSON and raw markdown on request', async () => {
    const json = JSON.parse((await say(['-o', 'json', 'scale', 'web', '3'])).out) as {
      outcome: string;
      replies: Array<{ text: string; atUserIds: string[] }>;
    };
    expect(json.outcome).toBe('succeeded');
    expect(json.replies[0]?.text).toBe('✅ **scaled deployment/web in demo: 2 → 3**\n\n@demo-user');
    expect(json.replies[0]?.atUserIds).toEqual(['demo-user']);
    expect((await say(['-o', 'markdown', 'scale', 'web', '3'])).out).toContain('**scaled');
  });

  it('exits 2 with a hint on a wrong secret, an unreachable controller and a missing reply', async () => {
    const wrong = captureIo();
    expect(await runSay(['--url', kubetalk.url, '--secret', 'nope', '--webhook-port', '0', 'x'], wrong)).toBe(
      2,
    );
    expect(wrong.err()).toMatch(/refused the signature \(401.*kubetalk sign/);

    const down = captureIo();
    const url = `http://127.0.0.1:${await closedPort()}/callbacks/dingtalk`;
    expect(await runSay(['--url', url, '--secret', SECRET, '--webhook-port', '0', 'x'], down)).toBe(2);
    expect(down.err()).toContain(`cannot reach kubetalk at ${url} (ECONNREFUSED)`);

    const silent = await say(['--timeout', '1', 'silence']);
    expect(silent.code).toBe(2);
    expect(silent.err).toMatch(
      /no reply within 1 s.*KUBETALK_REPLY_ALLOWED_HOSTS including 127\.0\.0\.1:\d+/,
    );
  });

  it('takes the secret from the environment and refuses bad usage', async () => {
    const io = captureIo({ env: { KUBETALK_DINGTALK_APP_SECRET: SECRET } });
    expect(await runSay(['--url', kubetalk.url, '--webhook-port', '0', 'scale web 3'], io)).toBe(0);
    await expect(runSay(['--url', kubetalk.url, 'x'], captureIo())).rejects.toThrow(/no app secret/);
    await expect(runSay(['--secret', 's'], captureIo())).rejects.toThrow(/no message/);
    await expect(runSay(['--secret', 's', '--as', 'a b', 'x'], captureIo())).rejects.toThrow(
      /printable ASCII/,
    );
    await expect(runSay(['--secret', 's', '--timeout', '0', 'x'], captureIo())).rejects.toThrow(
      /between 1 and 3600/,
    );
    await expect(runSay(['--secret', 's', '--url', 'nope', 'x'], captureIo())).rejects.toThrow(/not a URL/);
  });
});

/** A port nothing listens on (it was free a moment ago). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
    });
  });
}
