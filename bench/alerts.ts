// Benchmark: one Alertmanager payload of 1,000 alerts (10 namespaces, 50 AlertRoutes with =, !=, =~ and !~
// matchers) parsed, routed with tenancy, rendered per route and put in DingTalk's body — time and memory, in-process
// (delivery is a no-op sink: the network is DingTalk's, not ours to measure). Run with --expose-gc (the npm script
// does) so retained memory is told from garbage not yet collected.
import { deliverGroup, type AlertDestinations } from '../src/alerts/deliver-group.ts';
import { createMemoryDeliveryRecords } from '../src/alerts/delivery-records.ts';
import { parseAlertmanagerPayload } from '../src/alerts/payload.ts';
import { compileRoute } from '../src/alerts/select-routes.ts';
import type { AlertRoute } from '../src/api/alert-route.ts';
import { silentLogger } from '../src/log/logger.ts';
import { measureBodyBytes, renderReply } from '../src/platforms/dingtalk/render-reply.ts';
import { readFlags, startLoad } from './lib/cli.ts';
import { writeSection } from './lib/doc-section.ts';
import { describeMachine, renderMachine } from './lib/machine.ts';
import { fmt, fmtSpread, MiB, spread } from './lib/stats.ts';

const ALERTS = 1000;
const NAMESPACES = 10;
const ROUTES_PER_NS = 5;
const flags = readFlags();
const runs = flags.runs ?? (flags.quick ? 5 : 50);
const loadAtStart = await startLoad(flags);
const machine = describeMachine();

const ns = (i: number): string => `team-${i % NAMESPACES}`;
const payload = Buffer.from(
  JSON.stringify({
    version: '4',
    groupKey: '{}:{alertname="KubePodCrashLooping"}',
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'kubetalk',
    groupLabels: { alertname: 'KubePodCrashLooping' },
    commonLabels: { alertname: 'KubePodCrashLooping' },
    commonAnnotations: {},
    externalURL: 'https://alertmanager.example',
    alerts: Array.from({ length: ALERTS }, (_, i) => ({
      status: i % 7 === 0 ? 'resolved' : 'firing',
      labels: {
        alertname: 'KubePodCrashLooping',
        namespace: ns(i),
        severity: ['critical', 'warning', 'info'][i % 3],
        deployment: `web-${i % 40}`,
        pod: `web-${i % 40}-7d9f-${i}`,
        team: `squad-${i % 4}`,
      },
      annotations: {
        summary: `Pod ${ns(i)}/web-${i} is crash looping`,
        description: 'Container app restarted 5 times in the last 10 minutes. '.repeat(4),
        runbook_url: 'https://runbooks.example/KubePodCrashLooping',
      },
      startsAt: new Date(Date.now() - (i + 1) * 60_000).toISOString(),
      endsAt: i % 7 === 0 ? new Date().toISOString() : '0001-01-01T00:00:00Z',
      generatorURL: `https://prometheus.example/graph?g0.expr=up&i=${i}`,
      fingerprint: i.toString(16).padStart(16, '0'),
    })),
  }),
);

const MATCHERS = [
  [],
  ['severity="critical"'],
  ['severity=~"critical|warning"', 'team!="squad-3"'],
  ['deployment=~"web-(1|2|3)[0-9]?"'],
  ['severity!~"info|none"', 'pod=~".*-7d9f-.*"'],
];
const routes = Array.from({ length: NAMESPACES * ROUTES_PER_NS }, (_, i) => {
  const r: AlertRoute = {
    apiVersion: 'kubetalk.io/v1alpha1',
    kind: 'AlertRoute',
    metadata: { name: `r${i}`, namespace: ns(i), uid: `uid-${i}` },
    spec: {
      match: MATCHERS[i % MATCHERS.length] ?? [],
      to: { robot: { secretName: 'robot' } },
      mentions: {
        bySeverity: { critical: ['oncall'] },
        byLabel: { label: 'team', staffIds: { 'squad-1': ['a'] } },
      },
      actions: [{ title: 'Restart', command: 'restart {{ labels.deployment }}' }],
    },
  };
  return compileRoute(r);
});

let maxBody = 0;
let messages = 0;
const sink: AlertDestinations = {
  budgetFor: () => 18_000,
  send(_route, message) {
    maxBody = Math.max(maxBody, measureBodyBytes(renderReply(message)));
    messages++;
    return Promise.resolve({ ok: true });
  },
};

const ms: number[] = [];
const heapGrowth: number[] = [];
const rssBefore = process.memoryUsage().rss;
let peakRss = 0;
let peakHeap = 0;
for (let i = 0; i < runs + 3; i++) {
  // A fresh record store each run: every run delivers (a duplicate would skip the rendering being measured).
  const records = createMemoryDeliveryRecords({ dedupeMs: 600_000, sendingMs: 60_000 });
  (globalThis as { gc?: () => void }).gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const parsed = parseAlertmanagerPayload(payload);
  if (!parsed.ok) throw new Error(parsed.problem);
  const out = await deliverGroup(parsed.group, {
    routes: () => routes,
    clusterNamespaces: [],
    destinations: sink,
    records,
    defaultLocale: 'en',
    log: silentLogger,
  });
  const t1 = performance.now();
  if (out.status !== 200) throw new Error('not delivered');
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed - heap0);
  (globalThis as { gc?: () => void }).gc?.();
  const retainedMiB = (process.memoryUsage().heapUsed - heap0) / MiB;
  if (i < 3) continue;
  ms.push(t1 - t0);
  heapGrowth.push(retainedMiB);
}

const s = spread(ms);
const md = `## Alerts

\`npm run bench:alerts\` (bench/alerts.ts): one Alertmanager payload of ${ALERTS} alerts (${fmt(payload.length / 1024)} KiB)
across ${NAMESPACES} namespaces, ${routes.length} AlertRoutes (=, !=, =~, !~ matchers; RE2), parsed, routed with tenancy,
rendered per route within DingTalk's 20,000-byte body ("and N more"), in-process with a no-op sink; ${runs} runs
after 3 warm-ups.

| measure | value |
| ------- | ----- |
| time per payload, median (min–max) | ${fmtSpread(s, 'ms')} |
| messages per payload | ${messages / (runs + 3)} (one per route that matched) |
| largest message body | ${fmt(maxBody / 1024)} KiB (limit 19.5 KiB) |
| heap allocated by one payload (before GC), max | ${fmt(peakHeap / MiB)} MiB |
| heap retained after a payload (after GC), median (max) | ${fmt(spread(heapGrowth).median)} MiB (${fmt(spread(heapGrowth).max)} MiB) |
| RSS before the first payload → peak | ${fmt(rssBefore / MiB)} → ${fmt(peakRss / MiB)} MiB |

${renderMachine(machine, loadAtStart)}
`;
console.log(md);
if (!flags.quick) writeSection('alerts', md);
process.exit(0);
