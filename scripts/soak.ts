// `npm run soak -- --minutes N`: a soak of mixed valid and hostile callbacks plus ChatCommand churn against the
// controller process and its own local control plane; writes the soak section of docs/benchmarks.md.
import { parseArgs } from 'node:util';
import * as k8s from '@kubernetes/client-node';
import { waitUntil } from '../bench/lib/controller.ts';
import { writeSection } from '../bench/lib/doc-section.ts';
import { describeMachine, loadAverage, renderMachine } from '../bench/lib/machine.ts';
import { waitForQuiet } from '../bench/lib/quiet.ts';
import { withReusedConnection } from '../bench/lib/reused-connection.ts';
import { startScaleSetup } from '../bench/lib/scale-setup.ts';
import { fmt } from '../bench/lib/stats.ts';
import { isFlat } from './soak/analyse.ts';
import { renderSoakReport } from './soak/render-report.ts';
import { runSoak } from './soak/run-soak.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '2' },
    rate: { type: 'string', default: '20' },
    'wait-quiet': { type: 'string' },
    'no-write': { type: 'boolean', default: false },
  },
  strict: true,
});
const minutes = Number(values.minutes);
const rate = Number(values.rate);
if (!(minutes > 0 && minutes <= 24 * 60)) throw new Error('--minutes must be between 0 and 1440');
if (!(rate > 0 && rate <= 500)) throw new Error('--rate must be between 0 and 500');
const wq = values['wait-quiet'];
const loadAtStart = wq === undefined ? loadAverage() : await waitForQuiet(Number(wq) || 40);

const SECRET = 'soak-app-secret';
const GROUP = 'cidSoakGroupAAAAAAAAAAA==';
const USER = 'alice01';
const NS = 'soak';
const machine = describeMachine();
// Default settings, abuse limits included: the traffic uses a fresh sender and conversation per message.
const { cluster, sink, controller } = await startScaleSetup({
  name: 'soak',
  namespace: NS,
  secret: SECRET,
  conversation: GROUP,
  user: USER,
  maxReplicas: 3,
});
await waitUntil(async () => (await fetch(`${controller.internalUrl}/readyz`)).ok, 60_000);
console.error(`[soak] ${minutes} min at ${rate} req/s; controller log ${controller.logFile}`);
const report = await runSoak({
  callbackUrl: controller.callbackUrl,
  internalUrl: controller.internalUrl,
  secret: SECRET,
  sink,
  custom: new k8s.CustomObjectsApi(withReusedConnection(cluster.kc)),
  namespace: NS,
  group: GROUP,
  user: USER,
  deployment: 'web',
  durationMs: minutes * 60_000,
  rate,
  scaleEveryMs: 8000,
  sampleEveryMs: minutes <= 5 ? 2000 : 10_000,
  churnEveryMs: 2000,
  log: (line) => console.error(`[soak] ${line}`),
});
await controller.stop();
await sink.close();
await cluster.stop();

const md = renderSoakReport(
  report,
  renderMachine(machine, loadAtStart),
  `Run: \`npm run soak -- --minutes ${minutes}\` (${rate} mixed callbacks/s plus one \`scale\` every 8 s, ChatCommand churn every 2 s), controller with default settings against etcd + kube-apiserver. The 30-minute variant: \`npm run soak -- --minutes 30\`.`,
);
if (values['no-write'] !== true) writeSection('soak', md);
console.log(md);
const ok = report.trends.every(isFlat) && report.unanswered === 0 && report.notReadySamples === 0;
console.error(`[soak] ${ok ? 'flat' : 'NOT flat'} after ${fmt(report.seconds / 60)} min`);
process.exit(ok ? 0 : 1);
