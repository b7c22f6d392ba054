// The dispatcher with abuse limits on: refusals are polite, say when to retry, run and audit nothing, and count.
import { describe, expect, it } from 'vitest';
import type { ActionOutcome } from '../../../src/actions/types.ts';
import { makeCommand } from '../api/support/make-command.ts';
import { chatMessage, createDispatchRig, OK_OUTCOME } from './support/dispatch-rig.ts';

const scale = makeCommand({
  name: 'scale-web',
  trigger: 'scale',
  aliases: ['扩容'],
  allow: { conversations: ['*'], users: ['alice01', 'bob02'] },
});
const restart = makeCommand({
  name: 'restart-web',
  trigger: 'restart',
  action: { rollout: { operation: 'restart' } },
  allow: { conversations: ['*'], users: ['*'] },
  cooldownSeconds: 30,
});

function clock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

const generous = { userPerMinute: 0, conversationPerMinute: 0, maxConcurrentActions: 8 };

describe('dispatcher abuse limits', () => {
  it('refuses a sender over the per-minute limit with "try again in N s", runs nothing, counts and logs it', async () => {
    const c = clock();
    const r = createDispatchRig({
      commands: [scale],
      limits: { ...generous, userPerMinute: 2 },
      now: c.now,
    });
    r.dispatcher.handle(chatMessage('scale web 3'));
    c.advance(48_000);
    r.dispatcher.handle(chatMessage('scale web 4'));
    r.dispatcher.handle(chatMessage('scale web 5'));
    r.dispatcher.handle(chatMessage('扩容 web 6'));
    await r.dispatcher.drain(1000);
    expect(r.runs.map((x) => x.request)).toMatchObject([{ replicas: 3 }, { replicas: 4 }]);
    const limited = r.replies.filter((x) => !x.markdown.startsWith('✅'));
    expect(limited[0]?.markdown).toMatch(/try again in 12 s/);
    expect(limited[0]?.mentionUserIds).toEqual(['alice01']);
    expect(limited[1]?.markdown).toMatch(/请 12 秒后再试/);
    expect(r.audits).toHaveLength(2);
    expect(await r.commandCount('scale', 'limited')).toBe(2);
    expect(r.logs.filter((l) => l['msg'] === 'command limited')).toMatchObject([
      {
        reason: 'user',
        retryAfterSeconds: 12,
        sender: 'alice01',
        command: 'shop/scale-web',
      },
      { reason: 'user', retryAfterSeconds: 12 },
    ]);
  });

  it('limits a conversation whoever sends, and other conversations are unaffected', async () => {
    const r = createDispatchRig({
      commands: [scale],
      limits: { ...generous, conversationPerMinute: 2 },
      now: () => 0,
    });
    r.dispatcher.handle(chatMessage('scale web 3'));
    r.dispatcher.handle(chatMessage('scale web 4', { id: 'bob02', name: 'Bob' }));
    r.dispatcher.handle(chatMessage('scale web 5', { id: 'bob02', name: 'Bob' }));
    r.dispatcher.handle(chatMessage('scale web 5', { id: 'bob02', name: 'Bob' }, 'cidOTHER'));
    await r.dispatcher.drain(1000);
    expect(r.runs).toHaveLength(3);
    expect(r.replies.map((x) => x.markdown)).toContainEqual(
      expect.stringMatching(/This conversation has started 2 commands.*try again in 60 s/),
    );
  });

  it('exempts help, whoami and unknown text: they touch neither the cluster nor the budget', async () => {
    const r = createDispatchRig({
      commands: [scale],
      limits: { ...generous, userPerMinute: 1 },
      now: () => 0,
    });
    for (let i = 0; i < 20; i++)
      r.dispatcher.handle(chatMessage(i % 3 === 0 ? 'help' : i % 3 === 1 ? 'whoami' : 'dance'));
    r.dispatcher.handle(chatMessage('scale web 3'));
    await r.dispatcher.drain(1000);
    expect(r.runs).toHaveLength(1);
    expect(await r.commandCount('help', 'limited')).toBe(0);
  });

  it('counts denied attempts, and past the limit neither replies "denied" nor writes an audit Event', async () => {
    const r = createDispatchRig({
      commands: [scale],
      limits: { ...generous, userPerMinute: 2 },
      now: () => 0,
    });
    for (let i = 0; i < 5; i++)
      r.dispatcher.handle(chatMessage('scale web 3', { id: 'mallory', name: 'Mallory' }));
    await r.dispatcher.drain(1000);
    expect(r.runs).toHaveLength(0);
    expect(r.audits.map((a) => a.outcome)).toEqual(['Denied', 'Denied']);
    expect(r.replies.slice(2).every((x) => /try again in 60 s/.test(x.markdown))).toBe(true);
    expect(await r.commandCount('scale', 'limited')).toBe(3);
  });

  it('keeps external users (no staff id) apart by name, so one cannot use up the others', async () => {
    const open = makeCommand({
      name: 'scale-open',
      trigger: 'scale',
      allow: { conversations: ['*'], users: ['*'], externalMembers: true },
    });
    const r = createDispatchRig({
      commands: [open],
      limits: { ...generous, userPerMinute: 1 },
      now: () => 0,
    });
    r.dispatcher.handle(chatMessage('scale web 3', { id: '', name: 'Guest A' }));
    r.dispatcher.handle(chatMessage('scale web 3', { id: '', name: 'Guest A' }));
    r.dispatcher.handle(chatMessage('scale web 3', { id: '', name: 'Guest B' }));
    await r.dispatcher.drain(1000);
    expect(r.runs).toHaveLength(2);
  });

  it('caps actions running at once; the refused one is told to retry, the slot frees when the first ends', async () => {
    let finish: (o: ActionOutcome) => void = () => undefined;
    const slow = new Promise<ActionOutcome>((resolve) => (finish = resolve));
    let calls = 0;
    const r = createDispatchRig({
      commands: [scale],
      limits: { ...generous, maxConcurrentActions: 1 },
      run: () => (++calls === 1 ? slow : Promise.resolve(OK_OUTCOME)),
    });
    r.dispatcher.handle(chatMessage('scale web 3'));
    await new Promise((res) => setTimeout(res, 5));
    r.dispatcher.handle(chatMessage('scale web 4', { id: 'bob02', name: 'Bob' }));
    await new Promise((res) => setTimeout(res, 5));
    expect(r.replies[0]?.markdown).toMatch(/already running 1 actions.*try again in 5 s/);
    finish(OK_OUTCOME);
    await new Promise((res) => setTimeout(res, 5));
    r.dispatcher.handle(chatMessage('scale web 4', { id: 'bob02', name: 'Bob' }));
    await r.dispatcher.drain(1000);
    expect(r.runs.map((x) => x.request)).toMatchObject([{ replicas: 3 }, { replicas: 4 }]);
  });

  it('frees the concurrency slot when an action throws', async () => {
    let calls = 0;
    const r = createDispatchRig({
      commands: [scale],
      limits: { ...generous, maxConcurrentActions: 1 },
      run: () => (++calls === 1 ? Promise.reject(new Error('boom')) : Promise.resolve(OK_OUTCOME)),
    });
    r.dispatcher.handle(chatMessage('scale web 3'));
    await r.dispatcher.drain(1000);
    r.dispatcher.handle(chatMessage('scale web 4'));
    await r.dispatcher.drain(1000);
    expect(r.runs).toHaveLength(2);
  });

  it("honours a ChatCommand's cooldownSeconds per target, for everyone, and lifts it after a failure", async () => {
    const c = clock();
    const outcomes: ActionOutcome[] = [
      OK_OUTCOME,
      { ok: false, summary: { key: 'dispatch.result.failed' } },
      OK_OUTCOME,
    ];
    const r = createDispatchRig({
      commands: [restart],
      limits: generous,
      now: c.now,
      run: () => Promise.resolve(outcomes.shift() ?? OK_OUTCOME),
    });
    r.dispatcher.handle(chatMessage('restart web'));
    await r.dispatcher.drain(1000);
    c.advance(18_000);
    r.dispatcher.handle(chatMessage('restart web', { id: 'bob02', name: 'Bob' }));
    r.dispatcher.handle(chatMessage('restart api'));
    await r.dispatcher.drain(1000);
    expect(r.replies[1]?.markdown).toBe(
      '**restart** on deployment/web may run once every 30 s, and it ran recently. Nothing was run; please try again in 12 s.',
    );
    // api had its own cooldown slot; its run failed, which lifts that cooldown at once.
    r.dispatcher.handle(chatMessage('restart api'));
    await r.dispatcher.drain(1000);
    expect(r.runs.map((x) => x.context.target.name)).toEqual(['web', 'api', 'api']);
    expect(await r.commandCount('restart', 'limited')).toBe(1);
  });

  it('without limits configured, nothing is limited (the default for embedders and older tests)', async () => {
    const r = createDispatchRig({ commands: [scale] });
    for (let i = 0; i < 50; i++) r.dispatcher.handle(chatMessage('scale web 3'));
    await r.dispatcher.drain(1000);
    expect(r.runs).toHaveLength(50);
  });
});
