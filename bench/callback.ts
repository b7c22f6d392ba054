// Benchmark 1, the callback path: verified `help` callbacks at a fixed 200/s and at maximum, forged signatures at
// maximum, each against the controller process on loopback; then a CPU profile of both for the hotspot notes.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { applyObjects, chatCommand, runnerManifests, startBenchCluster } from './lib/bench-cluster.ts';
import { forgedMessage, signedMessage, uniqueId, type MessageOptions } from './lib/callbacks.ts';
import { readFlags, startLoad } from './lib/cli.ts';
import { controllerEnv, startController, waitUntil, type BenchController } from './lib/controller.ts';
import { renderHotspots, topSelfTime, type Hotspot } from './lib/cpu-profile.ts';
import { writeSection } from './lib/doc-section.ts';
import { describeMachine, renderMachine } from './lib/machine.ts';
import { maxLoad } from './lib/max-load.ts';
import { cpuSeconds } from './lib/metrics.ts';
import { pacedLoad } from './lib/paced-load.ts';
import { startFloorServer } from './lib/floor-process.ts';
import { startSinkProcess, type RemoteSink } from './lib/sink-process-client.ts';
import { fmt, fmtSpread, percentile, spread } from './lib/stats.ts';

const SECRET = 'bench-app-secret';
const GROUP = 'cidBenchGroupAAAAAAAAAA==';
const ALICE = 'alice01';
const RATE = 200;
const CONNECTIONS = 16;

const flags = readFlags();
// Quick: three short runs rather than one long one, so a ratio has a spread even on a shared machine.
const runs = flags.runs ?? (flags.quick ? 3 : 5);
const seconds = flags.quick ? 2 : 10;
const loadAtStart = await startLoad(flags);
const machine = describeMachine();
const cluster = await startBenchCluster('callback', { minimal: true });
const workDir = mkdtempSync(join(tmpdir(), 'kubetalk-bench-callback-'));

applyObjects(cluster.plane, [
  ...runnerManifests('shop'),
  ...['scale', 'restart', 'logs'].map((trigger) =>
    chatCommand('shop', `${trigger}-web`, {
      trigger,
      description: `${trigger} the storefront`,
      targets: { kind: 'Deployment', names: ['web'] },
      action:
        trigger === 'scale'
          ? { scale: { minReplicas: 1, maxReplicas: 10 } }
          : trigger === 'restart'
            ? { rollout: { operation: 'restart' } }
            : { logs: {} },
      allow: { conversations: [GROUP], users: [ALICE] },
    }),
  ),
]);

const sink = await startSinkProcess();

async function launch(name: string, nodeArgs: readonly string[] = []): Promise<BenchController> {
  const c = await startController({
    env: {
      ...controllerEnv(cluster.controllerKubeconfig, SECRET, sink.host),
      // The benchmark sends thousands of messages from one sender; the abuse limits would refuse them.
      KUBETALK_RATE_LIMIT_USER_PER_MINUTE: '0',
      KUBETALK_RATE_LIMIT_CONVERSATION_PER_MINUTE: '0',
      // The floor's window (DingTalk's ±1 h). Every request needs its own timestamp (the replay guard refuses a
      // reused pair), so at ~10,000 requests/s the timestamps run ahead of the clock by about 1 s per second: with
      // the default 5-minute window a full run ended with every signed callback refused as "future".
      KUBETALK_SIGNATURE_WINDOW_SECONDS: '3600',
    },
    logFile: join(workDir, `${name}.log`),
    nodeArgs,
  });
  await waitUntil(async () => (await fetch(`${c.internalUrl}/readyz`)).ok, 60_000);
  return c;
}

const helpOf = (s: RemoteSink): MessageOptions => ({
  text: 'help',
  conversationId: GROUP,
  staffId: ALICE,
  sessionWebhook: s.sessionUrl(uniqueId('s')),
});
// Every request: new msgId, new sessionWebhook (replies are rate-limited per webhook), new timestamp and sign.
const validHelp = () => signedMessage(SECRET, helpOf(sink));
const forged = () => forgedMessage(helpOf(sink));

/** Waits (bounded) until the sink has `expected` replies; returns performance.now() of the wait's end. */
async function drainReplies(expected: number, timeoutMs: number): Promise<{ got: number; at: number }> {
  const deadline = Date.now() + timeoutMs;
  let got = await sink.count();
  while (got < expected && Date.now() < deadline) {
    await sleep(100);
    got = await sink.count();
  }
  return { got, at: performance.now() };
}

interface PacedRun {
  p50: number;
  p99: number;
  max: number;
  ok: number;
  sent: number;
  cpu: number;
}
interface MaxRun {
  perSecond: number;
  p50: number;
  p99: number;
  ok: number;
  rejected: number;
  cpu: number;
  perCpuSecond: number;
  /** Acks and replies both done, per second of wall time (valid runs only). */
  completePerSecond: number;
}

const controller = await launch('measure');
console.error('[callback] warm-up');
await pacedLoad({ url: controller.callbackUrl, rate: RATE, durationMs: 3000, make: validHelp });
await drainReplies(RATE * 3, 30_000);

// The floor, measured in the same run with the same load: a bare node:http server that reads the body, checks
// the same signature and answers 200/401. Figures move 2–3× between runs and machines; the ratio to it does not.
const floor = await startFloorServer(SECRET);
const kubetalk: Target = { url: controller.callbackUrl, pid: controller.pid, replies: true };
const bare: Target = { url: floor.url, pid: floor.pid, replies: false };
interface Target {
  readonly url: string;
  readonly pid: number;
  /** Whether a verified callback gets a reply to wait for (kubetalk) or only the 200 (the floor). */
  readonly replies: boolean;
}
// The reply floor: the same bare server, which also posts one fixed reply per verified message — the least work
// any bot that answers must add, so kubetalk's rate can be read against what replying itself costs here.
const replyFloor = await startFloorServer(SECRET, 'reply');
const bareReply: Target = { url: replyFloor.url, pid: replyFloor.pid, replies: true };
await pacedLoad({ url: floor.url, rate: RATE, durationMs: 3000, make: validHelp });
const repliesBeforeWarm = await sink.count();
await pacedLoad({ url: replyFloor.url, rate: RATE, durationMs: 3000, make: validHelp });
await drainReplies(repliesBeforeWarm + RATE * 3, 30_000);

async function pacedRun(t: Target, label: string): Promise<PacedRun> {
  const cpu0 = cpuSeconds(t.pid);
  const r = await pacedLoad({ url: t.url, rate: RATE, durationMs: seconds * 1000, make: validHelp });
  const cpu = cpuSeconds(t.pid) - cpu0;
  const run: PacedRun = {
    p50: percentile(r.latenciesMs, 50),
    p99: percentile(r.latenciesMs, 99),
    max: Math.max(...r.latenciesMs),
    ok: r.statuses[200] ?? 0,
    sent: r.sent,
    cpu,
  };
  console.error(`[callback] paced ${label}: ${JSON.stringify({ ...run, statuses: r.statuses })}`);
  if (t.replies) await drainReplies(await sink.count(), 5_000);
  return run;
}

const paced: PacedRun[] = [];
const floorPaced: PacedRun[] = [];
// Who goes first alternates between runs: on a shared machine the load drifts, and a fixed order would hand the
// drift to one side of every ratio.
const floorFirst = (i: number): boolean => i % 2 === 1;
for (let i = 0; i < runs; i++) {
  if (floorFirst(i)) floorPaced.push(await pacedRun(bare, `floor run ${i + 1}`));
  paced.push(await pacedRun(kubetalk, `kubetalk run ${i + 1}`));
  if (!floorFirst(i)) floorPaced.push(await pacedRun(bare, `floor run ${i + 1}`));
}

async function maxRun(make: typeof validHelp, valid: boolean, t: Target = kubetalk): Promise<MaxRun> {
  const replies0 = await sink.count();
  const cpu0 = cpuSeconds(t.pid);
  const t0 = performance.now();
  const r = await maxLoad({
    url: t.url,
    connections: CONNECTIONS,
    durationS: seconds,
    make,
  });
  const cpuAck = cpuSeconds(t.pid) - cpu0;
  const ok = r.statuses[200] ?? 0;
  // A refused signed callback means the benchmark, not the server, is wrong (see the signature window above).
  if (valid && ok !== r.completed)
    throw new Error(`signed callbacks not all answered 200: ${JSON.stringify(r.statuses)}`);
  let completePerSecond = Number.NaN;
  if (valid && t.replies) {
    const { got, at } = await drainReplies(replies0 + ok, 120_000);
    completePerSecond = (got - replies0) / ((at - t0) / 1000);
  }
  const cpu = valid && t.replies ? cpuSeconds(t.pid) - cpu0 : cpuAck;
  return {
    perSecond: (valid ? ok : (r.statuses[401] ?? 0)) / r.durationS,
    p50: percentile(r.latenciesMs, 50),
    p99: percentile(r.latenciesMs, 99),
    ok,
    rejected: r.statuses[401] ?? 0,
    cpu,
    perCpuSecond: (valid ? ok : (r.statuses[401] ?? 0)) / cpu,
    completePerSecond,
  };
}

const maxValid: MaxRun[] = [];
const maxForged: MaxRun[] = [];
const floorValid: MaxRun[] = [];
const floorForged: MaxRun[] = [];
const replyFloorValid: MaxRun[] = [];
type Side = readonly [label: string, target: Target, out: MaxRun[]];
/** One run of every side of a workload, back to back; the order rotates between runs (see floorFirst). */
async function maxRound(i: number, make: typeof validHelp, valid: boolean, sides: readonly Side[]) {
  const what = valid ? 'valid' : 'forged';
  for (let k = 0; k < sides.length; k++) {
    const [label, t, out] = sides[(k + i) % sides.length] as Side;
    out.push(await maxRun(make, valid, t));
    console.error(`[callback] ${label} max ${what} run ${i + 1}: ${JSON.stringify(out.at(-1))}`);
  }
}
for (let i = 0; i < runs; i++) {
  await maxRound(i, validHelp, true, [
    ['kubetalk', kubetalk, maxValid],
    ['floor', bare, floorValid],
    ['reply floor', bareReply, replyFloorValid],
  ]);
  await maxRound(i, forged, false, [
    ['kubetalk', kubetalk, maxForged],
    ['floor', bare, floorForged],
  ]);
}
await controller.stop();
floor.stop();
replyFloor.stop();

// Profiles come from separate processes, so --cpu-prof's overhead never touches the figures above.
async function profile(name: string, make: typeof validHelp, valid: boolean): Promise<Hotspot[]> {
  const dir = join(workDir, `prof-${name}`);
  const c = await launch(`prof-${name}`, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  await maxLoad({ url: c.callbackUrl, connections: CONNECTIONS, durationS: seconds, make });
  if (valid) await drainReplies(await sink.count(), 2_000);
  await c.stop();
  return topSelfTime(dir);
}
console.error('[callback] profiling');
const profValid = await profile('valid', validHelp, true);
const profForged = await profile('forged', forged, false);
sink.stop();
await cluster.stop();

const s = (xs: number[]) => spread(xs);
const p99Paced = s(paced.map((r) => r.p99));
const forgedPerCore = s(maxForged.map((r) => r.perCpuSecond));
const forgedRate = s(maxForged.map((r) => r.perSecond));
const okPaced = paced.every((r) => r.ok === r.sent);
const verdict = (met: boolean): string => (met ? '**met**' : '**missed**');
// Per run (kubetalk and floor measured back to back), then the median over runs.
const ratios = (a: readonly number[], b: readonly number[]) => s(a.map((x, i) => x / (b[i] ?? Number.NaN)));
const validRateRatio = ratios(
  maxValid.map((r) => r.perSecond),
  floorValid.map((r) => r.perSecond),
);
const validP99Ratio = ratios(
  maxValid.map((r) => r.p99),
  floorValid.map((r) => r.p99),
);
const forgedRateRatio = ratios(
  maxForged.map((r) => r.perSecond),
  floorForged.map((r) => r.perSecond),
);
const forgedP99Ratio = ratios(
  maxForged.map((r) => r.p99),
  floorForged.map((r) => r.p99),
);
const replyFloorRateRatio = ratios(
  replyFloorValid.map((r) => r.perSecond),
  floorValid.map((r) => r.perSecond),
);
const overReplyFloor = ratios(
  maxValid.map((r) => r.perSecond),
  replyFloorValid.map((r) => r.perSecond),
);
/** Process CPU per verified callback, in µs (acknowledgement and, where there is one, the reply). */
const cpuPerCallback = (xs: readonly MaxRun[]) => s(xs.map((r) => (r.cpu / r.ok) * 1e6));
const cpuKubetalk = cpuPerCallback(maxValid);
const cpuFloor = cpuPerCallback(floorValid);
const cpuReplyFloor = cpuPerCallback(replyFloorValid);
const pacedP99Ratio = ratios(
  paced.map((r) => r.p99),
  floorPaced.map((r) => r.p99),
);
const ratioRow = (
  workload: string,
  figure: string,
  k: number[],
  f: number[],
  r: ReturnType<typeof s>,
  unit = '',
) =>
  `| ${workload} | ${figure} | ${fmt(s(k).median)}${unit} | ${fmt(s(f).median)}${unit} | **${fmt(r.median)}×** (${fmt(r.min)}–${fmt(r.max)}) |`;

const md = `## Callback path

${renderMachine(machine, loadAtStart)}
- Setup: controller (\`node dist/main.js\`, the shipped bundle, log level info, rate limits off) against a local API server
  (etcd + kube-apiserver only); 3 ChatCommands in the conversation, so \`help\` lists 3 commands. Every
  request has its own msgId, sessionWebhook, timestamp and signature (DingTalk's formula). Replies go to a
  minimal webhook sink in a separate process. ${runs} runs of ${seconds} s each; figures are median (min–max) over runs.
- Load: fixed rate = own open-loop generator (latency counted from each request's due time, so queueing shows);
  maximum = autocannon, ${CONNECTIONS} connections, closed loop. The controller is one Node thread; load
  generator, sink and API server share the machine's other core.

| workload | figure | median (min–max) over ${runs} runs |
| -------- | ------ | ---------------------------------- |
| \`help\`, ${RATE} req/s | ack latency p50 | ${fmtSpread(s(paced.map((r) => r.p50)), 'ms')} |
| \`help\`, ${RATE} req/s | ack latency p99 | ${fmtSpread(p99Paced, 'ms')} |
| \`help\`, ${RATE} req/s | ack latency max | ${fmtSpread(s(paced.map((r) => r.max)), 'ms')} |
| \`help\`, ${RATE} req/s | controller CPU | ${fmtSpread(s(paced.map((r) => (r.cpu / seconds) * 100)), '% of a core')} |
| \`help\`, max | verified callbacks acknowledged/s | ${fmtSpread(s(maxValid.map((r) => r.perSecond)))} |
| \`help\`, max | acknowledged and replied/s (until the last reply) | ${fmtSpread(s(maxValid.map((r) => r.completePerSecond)))} |
| \`help\`, max | ack latency p50 / p99 | ${fmt(s(maxValid.map((r) => r.p50)).median)} / ${fmt(s(maxValid.map((r) => r.p99)).median)} ms |
| \`help\`, max | callbacks (with reply) per controller CPU-second | ${fmtSpread(s(maxValid.map((r) => r.perCpuSecond)))} |
| forged sign, max | rejections (401)/s | ${fmtSpread(forgedRate)} |
| forged sign, max | rejections per controller CPU-second (= one core) | ${fmtSpread(forgedPerCore)} |
| forged sign, max | reject latency p50 / p99 | ${fmt(s(maxForged.map((r) => r.p50)).median)} / ${fmt(s(maxForged.map((r) => r.p99)).median)} ms |

Against the floor measured in the same run — a bare \`node:http\` server in its own process that reads the body,
checks the same signature (formula, window, constant-time compare) and answers 200, or 401 when forged; same load
generator, same requests, same ${CONNECTIONS} kept-alive connections; kubetalk and the floor run back to back, the
order alternating between runs. Ratio = kubetalk ÷ floor per run, median (min–max) over runs:

| workload | figure | kubetalk | floor | kubetalk ÷ floor |
| -------- | ------ | -------: | ----: | ---------------: |
${ratioRow(
  `\`help\`, ${RATE} req/s`,
  'ack latency p99',
  paced.map((r) => r.p99),
  floorPaced.map((r) => r.p99),
  pacedP99Ratio,
  ' ms',
)}
${ratioRow(
  '`help`, max',
  'verified callbacks/s',
  maxValid.map((r) => r.perSecond),
  floorValid.map((r) => r.perSecond),
  validRateRatio,
)}
${ratioRow(
  '`help`, max',
  'ack latency p99',
  maxValid.map((r) => r.p99),
  floorValid.map((r) => r.p99),
  validP99Ratio,
  ' ms',
)}
${ratioRow(
  'forged sign, max',
  'rejections (401)/s',
  maxForged.map((r) => r.perSecond),
  floorForged.map((r) => r.perSecond),
  forgedRateRatio,
)}
${ratioRow(
  'forged sign, max',
  'reject latency p99',
  maxForged.map((r) => r.p99),
  floorForged.map((r) => r.p99),
  forgedP99Ratio,
  ' ms',
)}

What the reply itself costs. The reply floor is the same bare server, which also parses the body and POSTs one fixed
markdown reply to the message's sessionWebhook (undici, one keep-alive agent, as kubetalk sends): the least any bot
that answers must add to the floor. Same runs, the three servers back to back, the order rotating:

| \`help\`, max | floor (ack only) | reply floor (ack + one reply) | kubetalk |
| --------- | ---------------: | ----------------------------: | -------: |
| verified callbacks/s | ${fmtSpread(s(floorValid.map((r) => r.perSecond)))} | ${fmtSpread(s(replyFloorValid.map((r) => r.perSecond)))} | ${fmtSpread(s(maxValid.map((r) => r.perSecond)))} |
| ÷ the floor's rate, per run | 1 | **${fmt(replyFloorRateRatio.median)}×** (${fmt(replyFloorRateRatio.min)}–${fmt(replyFloorRateRatio.max)}) | **${fmt(validRateRatio.median)}×** (${fmt(validRateRatio.min)}–${fmt(validRateRatio.max)}) |
| server CPU per verified callback (all threads) | ${fmtSpread(cpuFloor, 'µs')} | ${fmtSpread(cpuReplyFloor, 'µs')} | ${fmtSpread(cpuKubetalk, 'µs')} |

kubetalk ÷ reply floor: **${fmt(overReplyFloor.median)}×** (${fmt(overReplyFloor.min)}–${fmt(overReplyFloor.max)}) of the rate. Replying alone
takes a bare server to ${fmt(replyFloorRateRatio.median)}× the floor: the second exchange costs a loopback write and read on the
server and wakes the sink, which shares the other core with the load generator. For kubetalk to reach 0.5× the floor on
its one thread, everything it adds to the reply floor — parsing, authorization, matching, rendering, limits,
metrics, its garbage — would have to fit in about ${fmt(Math.max(0, 1e6 / (0.5 * s(floorValid.map((r) => r.perSecond)).median) - cpuReplyFloor.median))} µs per callback; today it takes
${fmt(cpuKubetalk.median - cpuReplyFloor.median)} µs.

Targets (issue 16): verified callbacks ≥ 0.5× the floor's rate — ${verdict(validRateRatio.median >= 0.5)}
(${fmt(validRateRatio.median)}×); forged rejections ≥ 0.8× — ${verdict(forgedRateRatio.median >= 0.8)} (${fmt(forgedRateRatio.median)}×).
kubetalk's "verified" figure is the acknowledgement rate; it also parses, matches and replies, the floor does not.

**Reading.** At ${RATE} requests/s a verified \`help\` callback is acknowledged with p99
${fmt(p99Paced.median)} ms — target p99 < 10 ms ${verdict(p99Paced.max < 10)}${p99Paced.max < 10 ? ' in every run' : p99Paced.median < 10 ? ' in the median run but not in every run' : ''};
${okPaced ? 'every request was answered 200' : 'not every request was answered 200 (see the log)'} and the controller used about
${fmt(s(paced.map((r) => (r.cpu / seconds) * 100)).median)} % of one core. A forged signature is refused before the body is parsed, at
${fmt(forgedPerCore.median)} per CPU-second of the controller (${fmt(forgedRate.median)}/s wall-clock with the load generator
on the same machine) — target ≥ 5,000/s on one core ${verdict(forgedPerCore.median >= 5000)}. At maximum the
acknowledgement rate exceeds the rate at which replies finish: replies run after the 200, so a flood queues reply
work in memory; the "acknowledged and replied" row is the sustainable rate.

CPU profile at maximum load (separate controller process with \`--cpu-prof\`, ${seconds} s), top self time:

_valid \`help\` callbacks_

${renderHotspots(profValid)}

_forged signatures_

${renderHotspots(profForged)}
`;
if (flags.quick) console.log(md);
else writeSection('callback', md);
console.error('[callback] done');
process.exit(0);
