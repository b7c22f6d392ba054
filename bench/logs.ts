// Benchmark 4, logs: a `logs` command on a pod whose log is 200 MB (kwok serves the file) — time to the reply
// and the controller's RSS while it runs, to show both stay bounded whatever the log's size.
import { createWriteStream, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  applyObjects,
  chatCommand,
  deployment,
  runnerManifests,
  startBenchCluster,
} from './lib/bench-cluster.ts';
import { post, signedMessage, uniqueId } from './lib/callbacks.ts';
import { readFlags, startLoad } from './lib/cli.ts';
import { controllerEnv, startController, waitUntil } from './lib/controller.ts';
import { writeSection } from './lib/doc-section.ts';
import { describeMachine, renderMachine } from './lib/machine.ts';
import { metric, rssBytes, scrapeMetrics, watchRss } from './lib/metrics.ts';
import { startReplySink } from './lib/reply-sink.ts';
import { fmt, fmtSpread, MiB, spread } from './lib/stats.ts';

const SECRET = 'bench-app-secret';
const GROUP = 'cidBenchGroupAAAAAAAAAA==';
const ALICE = 'alice01';
const NS = 'shop';

const flags = readFlags();
const runs = flags.runs ?? (flags.quick ? 1 : 5);
const logMiB = flags.quick ? 20 : 200;
const loadAtStart = await startLoad(flags);
const machine = describeMachine();
const cluster = await startBenchCluster('logs');
const workDir = mkdtempSync(join(tmpdir(), 'kubetalk-bench-logs-'));

/** Appends ~`mib` MiB of CRI lines (the kubelet's on-disk format) to kwok's log file for container `huge`. */
async function writeHugeLog(file: string, mib: number): Promise<number> {
  const out = createWriteStream(file, { flags: 'a' });
  const filler = 'x'.repeat(180);
  const lines = 2048;
  let written = 0;
  let i = 0;
  while (written < mib * MiB) {
    let chunk = '';
    for (let k = 0; k < lines; k++, i++)
      chunk += `2026-01-01T00:00:00.000000000Z stdout F line ${i} ${filler}\n`;
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
  return statSync(file).size;
}

const hugeFile = cluster.plane.cluster.logFiles['huge'];
if (hugeFile === undefined) throw new Error('the control plane has no log file for container huge');
const logBytes = await writeHugeLog(hugeFile, logMiB);
console.error(`[logs] ${fmt(logBytes / MiB)} MiB of log in ${hugeFile}`);

applyObjects(cluster.plane, [
  ...runnerManifests(NS),
  deployment('huge-app', NS, 1, 'huge'),
  chatCommand(NS, 'logs-huge', {
    trigger: 'logs',
    targets: { kind: 'Deployment', names: ['huge-app'] },
    action: { logs: { tailLines: 50, maxTailLines: 5000, maxBytes: 262_144 } },
    allow: { conversations: [GROUP], users: [ALICE] },
  }),
]);
cluster.plane.kubectl(['rollout', 'status', '-n', NS, 'deployment/huge-app', '--timeout=120s']);

const sink = await startReplySink({ keepText: true });
const controller = await startController({
  env: {
    ...controllerEnv(cluster.controllerKubeconfig, SECRET, sink.host),
    KUBETALK_RATE_LIMIT_USER_PER_MINUTE: '0',
    KUBETALK_RATE_LIMIT_CONVERSATION_PER_MINUTE: '0',
  },
  logFile: join(workDir, 'controller.log'),
});
await waitUntil(async () => {
  const m = await scrapeMetrics(controller.internalUrl);
  return (
    (await fetch(`${controller.internalUrl}/readyz`)).ok && metric(m, 'kubetalk_registry_commands') === 1
  );
}, 60_000);

interface Variant {
  readonly label: string;
  readonly text: string;
}
const VARIANTS: readonly Variant[] = [
  { label: 'default: last 50 lines, 256 KiB budget', text: 'logs huge-app' },
  { label: '`--tail 5000`, 256 KiB budget', text: 'logs huge-app --tail 5000' },
];

interface LogRun {
  readonly ms: number;
  readonly rssBefore: number;
  readonly rssPeak: number;
  readonly replyBytes: number;
}

async function once(text: string): Promise<LogRun> {
  const session = uniqueId('s');
  const rssBefore = rssBytes(controller.pid);
  const rss = watchRss(controller.pid, 20);
  const t0 = performance.now();
  const status = await post(
    controller.callbackUrl,
    signedMessage(SECRET, {
      text,
      conversationId: GROUP,
      staffId: ALICE,
      sessionWebhook: sink.sessionUrl(session),
    }),
  );
  if (status !== 200) throw new Error(`callback answered ${status}`);
  const t1 = await sink.waitFor(session, 1, 120_000);
  const { peak } = rss.stop();
  const reply = sink.texts(session)[0] ?? '';
  if (!/line \d+/.test(reply)) throw new Error(`reply has no log lines: ${reply.slice(0, 300)}`);
  sink.forget(session);
  return { ms: t1 - t0, rssBefore, rssPeak: peak, replyBytes: Buffer.byteLength(reply) };
}

// The same reads through kubectl, for scale: kubectl logs with the same tail and byte limit.
const run = promisify(execFile);
async function kubectlLogs(tail: number): Promise<number> {
  const t0 = performance.now();
  await run(
    cluster.plane.bins.kubectl,
    [
      '--kubeconfig',
      cluster.plane.cluster.kubeconfig,
      'logs',
      '-n',
      NS,
      'deployment/huge-app',
      `--tail=${tail}`,
      '--limit-bytes=262145',
    ],
    { maxBuffer: 4 * MiB, env: { ...process.env, HOME: workDir } },
  );
  return performance.now() - t0;
}

await once('logs huge-app'); // warm-up, untimed
const results = new Map<string, LogRun[]>();
const kubectlMs = new Map<number, number[]>([
  [50, []],
  [5000, []],
]);
for (let r = 0; r < runs; r++) {
  for (const v of VARIANTS) {
    const list = results.get(v.label) ?? [];
    list.push(await once(v.text));
    results.set(v.label, list);
    await sleep(200);
  }
  for (const tail of [50, 5000]) kubectlMs.get(tail)?.push(await kubectlLogs(tail));
  console.error(`[logs] round ${r + 1} done`);
}
const idle = rssBytes(controller.pid);
await controller.stop();
await sink.close();
await cluster.stop();

const rows = VARIANTS.map((v) => {
  const list = results.get(v.label) ?? [];
  const ms = spread(list.map((x) => x.ms));
  const before = spread(list.map((x) => x.rssBefore / MiB));
  const peak = spread(list.map((x) => x.rssPeak / MiB));
  const growth = spread(list.map((x) => (x.rssPeak - x.rssBefore) / MiB));
  return { v, ms, before, peak, growth, reply: spread(list.map((x) => x.replyBytes / 1024)) };
});
const worstGrowth = Math.max(...rows.map((r) => r.growth.max));
const slowest = Math.max(...rows.map((r) => r.ms.max));

const md = `## Logs

${renderMachine(machine, loadAtStart)}
- Setup: full local control plane (kwok serves container logs from files); the container \`huge\` of a one-pod
  Deployment has a ${fmt(logBytes / MiB)} MiB log (CRI lines of ~240 bytes). A \`logs\` ChatCommand with
  \`maxBytes: 262144\` (the largest allowed) and \`maxTailLines: 5000\`. Each figure is from the signed callback to
  the reply arriving at the webhook; RSS is /proc's VmRSS of the controller every 20 ms during the command.
  ${runs} runs per variant, median (min–max).

| request | callback → reply | reply size | RSS before | RSS peak during | growth |
| ------- | ---------------: | ---------: | ---------: | --------------: | -----: |
${rows.map((r) => `| ${r.v.label} | ${fmtSpread(r.ms, 'ms')} | ${fmt(r.reply.median)} KiB | ${fmt(r.before.median)} MiB | ${fmtSpread(r.peak, 'MiB')} | ${fmtSpread(r.growth, 'MiB')} |`).join('\n')}
| for scale: \`kubectl logs --tail=50 --limit-bytes=262145\` | ${fmtSpread(spread(kubectlMs.get(50) ?? []), 'ms')} | | | | |
| for scale: \`kubectl logs --tail=5000 --limit-bytes=262145\` | ${fmtSpread(spread(kubectlMs.get(5000) ?? []), 'ms')} | | | | |

Controller RSS after all runs: ${fmt(idle / MiB)} MiB.

**Reading.** Every request returns in bounded time (slowest ${fmt(slowest)} ms) and the controller's memory grows by at most
${fmt(worstGrowth)} MiB while it runs, whatever the size of the log: kubetalk always sends \`tailLines\` and
\`limitBytes\` (the budget + 1 byte, to know whether it cut), so the kubelet (here kwok) does the reading and at
most the budget crosses the wire; the reply is then cut to DingTalk's 20,000-byte limit. Time is dominated by the
kubelet finding the tail in a ${fmt(logBytes / MiB)} MiB file, which \`kubectl logs\` pays as well.
`;
if (flags.quick) console.log(md);
else writeSection('logs', md);
console.error('[logs] done');
process.exit(0);
