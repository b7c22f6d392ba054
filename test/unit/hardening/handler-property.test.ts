// Properties of the whole callback path in-process (HTTP server, gate, route, real dispatcher, recording runner).
import type { Server } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DNS1123_SUBDOMAIN_PATTERN } from '../../../src/api/patterns.ts';
import { createDingTalkRoute } from '../../../src/platforms/dingtalk/http/callback-route.ts';
import { resultForStatus } from '../../../src/server/callback-results.ts';
import { closeServer, listen } from '../../../src/app/listen.ts';
import { createDeduper } from '../../../src/dispatch/dedupe.ts';
import { createLogger } from '../../../src/log/logger.ts';
import { createReplayGuard } from '../../../src/platforms/dingtalk/replay-guard.ts';
import { createPublicApp } from '../../../src/server/public-app.ts';
import { makeCommand } from '../api/support/make-command.ts';
import { createCallbackBuilder, sendCallback, type MessageSpec } from '../../support/dingtalk/index.ts';
import { createDispatchRig, type DispatchRig } from './support/dispatch-rig.ts';

const SECRET = 'handler-property-secret';
const GROUP = 'cidGROUPaaaaaaaaaaaa==';
const ALICE = 'alice01';
const RUNS = 200;
const SCALE = { min: 1, max: 10 };
const LOGS_MAX_TAIL = 100;

// Every command is closed to everyone but Alice in GROUP, except `peek`, which is open to all (for property 2).
const commands = [
  makeCommand({
    name: 'scale-web',
    trigger: 'scale',
    aliases: ['扩容'],
    targets: { kind: 'Deployment', names: ['web', 'api'] },
    action: { scale: { minReplicas: SCALE.min, maxReplicas: SCALE.max } },
    allow: { conversations: [GROUP], users: [ALICE] },
    cooldownSeconds: 0,
  }),
  makeCommand({
    name: 'restart',
    trigger: 'restart',
    targets: { kind: 'Deployment', selector: { matchLabels: { chat: 'on' } } },
    action: { rollout: { operation: 'restart' } },
    allow: { conversations: [GROUP], users: [ALICE] },
  }),
  makeCommand({
    name: 'undo',
    trigger: 'undo',
    targets: { kind: 'Deployment', names: ['web'] },
    action: { rollout: { operation: 'undo' } },
    allow: { conversations: [GROUP], users: [ALICE] },
  }),
  makeCommand({
    name: 'logs',
    trigger: 'logs',
    aliases: ['日志'],
    targets: { kind: 'StatefulSet', names: ['db'] },
    action: { logs: { tailLines: 20, maxTailLines: LOGS_MAX_TAIL } },
    allow: { conversations: [GROUP], users: [ALICE], admins: true },
  }),
  makeCommand({
    namespace: 'dev',
    name: 'peek',
    trigger: 'peek',
    targets: { kind: 'Deployment', names: ['web'] },
    action: { rollout: { operation: 'status' } },
    allow: { conversations: ['*'], users: ['*'] },
  }),
];
const ALLOWED_NAMES: Readonly<Record<string, readonly string[] | 'selector'>> = {
  'shop/scale-web': ['web', 'api'],
  'shop/restart': 'selector',
  'shop/undo': ['web'],
  'shop/logs': ['db'],
  'dev/peek': ['web'],
};
const COMMAND_BY_ACTION: Readonly<Record<string, string>> = {
  scale: 'scale-web',
  restart: 'restart',
  undo: 'undo',
  logs: 'logs',
  status: 'peek',
};
const DNS1123 = new RegExp(DNS1123_SUBDOMAIN_PATTERN, 'u');

/** Words that probe the grammar: triggers, names, numbers, flags, shell and path tricks, invisible characters. */
const hostileWord = fc.constantFrom(
  'scale',
  '扩容',
  'restart',
  'undo',
  'logs',
  '日志',
  'peek',
  'help',
  'whoami',
  'web',
  'api',
  'db',
  'WEB',
  'ｓｃａｌｅ',
  'ｗｅｂ',
  '３',
  '3',
  '0',
  '11',
  '-1',
  '1e3',
  '0x3',
  '٣',
  '--replicas=5',
  '--replicas',
  '-n',
  'shop',
  'dev',
  'kube-system',
  '--tail=1000',
  '--tail',
  '-c',
  'app',
  '--previous',
  '--to-revision=2',
  'deployment/web',
  'deploy/api',
  'sts/db',
  'daemonset/web',
  '; rm -rf /',
  '$(id)',
  '`id`',
  '../web',
  '..',
  '%2e%2e/web',
  'web/../api',
  'web;id',
  'web&&id',
  'web|id',
  'web\u200b',
  'w\u200beb',
  '\u202eweb',
  'web\u202e',
  '\u200f',
  '\ufeff',
  '🚀',
  '👩‍💻',
  'web🚀',
  '“web 3”',
  '"web',
  "'",
  '\u3000',
  '\t',
  '\n',
  'a'.repeat(300),
  'x.y.z',
);
const unicodeText = fc.string({ unit: 'binary', maxLength: 60 });
const triggers = fc.constantFrom(
  'scale',
  '扩容',
  'ｓｃａｌｅ',
  'SCALE',
  'restart',
  'undo',
  'logs',
  '日志',
  'peek',
);
const names = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      'web',
      'api',
      'db',
      'WEB',
      'ｗｅｂ',
      'w\u200beb',
      '\u202eweb',
      'deployment/web',
      'sts/db',
    ),
    weight: 4,
  },
  { arbitrary: hostileWord, weight: 1 },
  { arbitrary: fc.stringMatching(/^[a-z0-9.-]{1,20}$/), weight: 1 },
);
const args = fc.oneof(
  { arbitrary: fc.integer({ min: -2, max: 12 }).map(String), weight: 3 },
  {
    arbitrary: fc.constantFrom(
      '--tail=5',
      '--tail=500',
      '--to-revision=1',
      '-n shop',
      '-n dev',
      '--replicas=4',
      '-c app',
    ),
    weight: 1,
  },
  { arbitrary: hostileWord, weight: 1 },
);
const separators = fc.constantFrom(' ', '  ', '\u3000', '\t', ' \u200b');
/** Shaped like a command, so a good share of runs get past matching and authorisation into the grammar. */
const commandLike = fc
  .tuple(
    triggers,
    fc.option(names),
    fc.option(args),
    fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: args, weight: 1 }),
    separators,
  )
  .map(([t, n, a, b, sep]) => [t, n, a, b].filter((w) => w !== null).join(sep));
/** Disguises that must not change what a command means (or must make it invalid): never widen it. */
const DISGUISES: ReadonlyArray<(text: string) => string> = [
  (t) => t,
  (t) => t.toUpperCase(),
  (t) => t.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000'),
  (t) => t.replace(/ /g, ' \u200b'),
  (t) => `\u202e${t}\u202c`,
  (t) => `\u200f${t}`,
  (t) => `${t} 🚀`,
  (t) => t.replace('web', 'w\u200de\u200cb'),
  (t) => `${t}; rm -rf /`,
  (t) => t.replace(/(\S+)$/, '$$($1)'),
];
/** Each command with arguments it may or may not accept; the disguise decides whether it still means that. */
const nearValid = fc
  .oneof(
    fc.tuple(
      fc.constantFrom('scale web', 'scale api', '扩容 web'),
      fc.integer({ min: -1, max: 12 }).map(String),
    ),
    fc.tuple(fc.constantFrom('restart web', 'restart api', 'peek web', 'peek'), fc.constant('')),
    fc.tuple(fc.constantFrom('undo web', 'undo'), fc.constantFrom('', '--to-revision=2', '--to-revision=0')),
    fc.tuple(
      fc.constantFrom('logs db', '日志', 'logs'),
      fc.constantFrom('', '--tail=50', '--tail=101', '-c app'),
    ),
  )
  .chain(([head, arg]) => fc.constantFrom(...DISGUISES).map((disguise) => disguise(`${head} ${arg}`.trim())));
const texts = fc.oneof(
  { arbitrary: nearValid, weight: 4 },
  { arbitrary: commandLike, weight: 3 },
  { arbitrary: unicodeText, weight: 1 },
  {
    arbitrary: fc.array(fc.oneof(hostileWord, unicodeText), { maxLength: 6 }).map((w) => w.join(' ')),
    weight: 1,
  },
);
const messages: fc.Arbitrary<MessageSpec> = fc.oneof(
  texts,
  texts.map((text): MessageSpec => ({ type: 'richText', text })),
);

describe('callback handler properties (in-process, real dispatcher, recording runner)', () => {
  let rig: DispatchRig;
  let server: Server;
  let url: string;
  let timestamp = Date.now() - 600_000;
  const builder = createCallbackBuilder({ seed: 'handler-property' });

  beforeAll(async () => {
    rig = createDispatchRig({ commands });
    const log = createLogger({ write: () => undefined });
    const app = createPublicApp({
      routes: [
        createDingTalkRoute({
          secrets: [SECRET],
          windowMs: 3_600_000,
          maxBodyBytes: 65_536,
          deduper: createDeduper({ ttlMs: 600_000, maxEntries: 10_000 }),
          replayGuard: createReplayGuard({ ttlMs: 7_200_000, maxEntries: 10_000 }),
          dispatcher: rig.dispatcher,
          metrics: rig.metrics,
          log,
        }),
      ],
      acceptingTraffic: () => true,
      onRejected: (_path, status) => rig.metrics.callbacks.inc({ result: resultForStatus(status) }),
    });
    const bound = await listen(app, 0, '127.0.0.1');
    server = bound.server;
    url = `http://127.0.0.1:${bound.port}/callbacks/dingtalk`;
  });
  afterAll(async () => {
    await closeServer(server);
  });

  /** Posts one signed callback (a fresh timestamp each, as DingTalk's would be) and waits for its work. */
  async function deliver(body: unknown): Promise<number> {
    timestamp += 1;
    const res = await sendCallback(url, body, { secret: SECRET, timestamp });
    await rig.dispatcher.drain(5_000);
    return res.status;
  }

  const internalErrors = (): number => rig.logs.filter((l) => l['msg'] === 'internal error').length;

  it('no text from an unauthorised sender reaches the runner, except through a command open to all', async () => {
    const senders = fc.record({
      staffId: fc.oneof(
        fc.constant(null),
        fc.constantFrom(
          'ALICE01',
          'alice01 ',
          ' alice01',
          'alice01\u200b',
          'ａｌｉｃｅ０１',
          'alice0l',
          '*',
          'mallory',
        ),
        fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }).filter((s) => s !== ALICE),
      ),
      isAdmin: fc.boolean(),
      nick: fc.string({ maxLength: 12 }),
    });
    const conversations = fc.oneof(
      fc.constant(GROUP),
      fc.constant('cidOTHER'),
      fc.string({ minLength: 1, maxLength: 30 }),
    );
    await fc.assert(
      fc.asyncProperty(messages, senders, conversations, async (message, sender, conversationId) => {
        const before = rig.runs.length;
        const body = builder.buildGroupMessage({ message, sender, conversationId });
        expect(await deliver(body)).toBe(200);
        // Only `peek`, which allows everyone everywhere, may run for such a sender.
        for (const run of rig.runs.slice(before)) expect(run.context.target.namespace).toBe('dev');
      }),
      { numRuns: RUNS },
    );
    expect(internalErrors()).toBe(0);
  });

  it("an authorised sender's text only ever runs allowed targets within the command's bounds", async () => {
    const from = rig.runs.length;
    await fc.assert(
      fc.asyncProperty(messages, fc.boolean(), async (message, direct) => {
        const spec = { message, sender: { staffId: ALICE, isAdmin: true }, conversationId: GROUP };
        const body = direct ? builder.buildDirectMessage(spec) : builder.buildGroupMessage(spec);
        expect(await deliver(body)).toBe(200);
      }),
      { numRuns: RUNS },
    );
    const runs = rig.runs.slice(from);
    for (const { request, context } of runs) {
      const { namespace, name } = context.target;
      const commandName = COMMAND_BY_ACTION[request.type];
      expect(`${namespace}/${commandName}`).toMatch(/^(shop\/(scale-web|restart|undo|logs)|dev\/peek)$/);
      const allowed = ALLOWED_NAMES[`${namespace}/${commandName}`];
      expect(DNS1123.test(name), name).toBe(true);
      expect(name.length).toBeLessThanOrEqual(253);
      if (allowed !== 'selector') expect(allowed).toContain(name);
      else expect(context.selector).toEqual({ matchLabels: { chat: 'on' } });
      if (request.type === 'scale') {
        expect(request.replicas).toBeGreaterThanOrEqual(SCALE.min);
        expect(request.replicas).toBeLessThanOrEqual(SCALE.max);
      }
      if (request.type === 'logs') {
        expect(request.tailLines).toBeGreaterThanOrEqual(1);
        expect(request.tailLines).toBeLessThanOrEqual(LOGS_MAX_TAIL);
      }
    }
    // The generators do reach the runner (about a quarter of runs), so this property does not hold vacuously.
    expect(runs.length).toBeGreaterThan(RUNS / 10);
    expect(internalErrors()).toBe(0);
  });

  it('after all that, the server still answers', async () => {
    expect(await deliver(builder.buildGroupMessage({ message: 'help' }))).toBe(200);
  });
});
