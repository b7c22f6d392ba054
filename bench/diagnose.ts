// Benchmark 6, diagnose: time and API calls of one diagnosis of a 50-pod Deployment (half of it crash-looping),
// as the runner, against a real control plane — to show both stay bounded whatever the number of pods.
import * as k8s from '@kubernetes/client-node';
import { diagnoseWorkload } from '../src/actions/diagnose/diagnose-workload.ts';
import { diagnoseMessages } from '../src/actions/diagnose/messages.ts';
import { renderReport } from '../src/actions/diagnose/render-report.ts';
import { renderOutcome } from '../src/dispatch/render-reply-text.ts';
import { dispatchMessages } from '../src/dispatch/messages.ts';
import { formatMessage, mergeCatalogs } from '../src/i18n/catalog.ts';
import { createRunnerClients } from '../src/kube/clients.ts';
import { applyObjects, deployment, runnerManifests, startBenchCluster } from './lib/bench-cluster.ts';
import { readFlags, startLoad } from './lib/cli.ts';
import { writeSection } from './lib/doc-section.ts';
import { describeMachine, renderMachine } from './lib/machine.ts';
import { fmt, fmtSpread, spread } from './lib/stats.ts';

const NS = 'shop';
const PODS = 50;
const flags = readFlags();
const runs = flags.runs ?? (flags.quick ? 3 : 30);
const loadAtStart = await startLoad(flags);
const machine = describeMachine();
const cluster = await startBenchCluster('diagnose');

applyObjects(cluster.plane, [
  ...runnerManifests(NS),
  deployment('web', NS, PODS),
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: NS },
    spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
  },
]);
cluster.plane.kubectl(['rollout', 'status', '-n', NS, 'deployment/web', '--timeout=300s']);

// Half the pods crash-loop, as the kubelet would report it (kwok runs no containers), with two events each.
const core = cluster.kc.makeApiClient(k8s.CoreV1Api);
const pods = (await core.listNamespacedPod({ namespace: NS, labelSelector: 'app=web' })).items;
for (const pod of pods.slice(0, PODS / 2)) {
  const name = pod.metadata?.name ?? '';
  const status: k8s.V1PodStatus = {
    ...pod.status,
    conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady' }],
    containerStatuses: [
      {
        name: 'app',
        image: 'registry.example/web:1',
        imageID: '',
        ready: false,
        restartCount: 4,
        state: {
          waiting: { reason: 'CrashLoopBackOff', message: 'back-off 1m20s restarting failed container=app' },
        },
        lastState: { terminated: { reason: 'Error', exitCode: 1, finishedAt: new Date() } },
      },
    ],
  };
  await core.replaceNamespacedPodStatus({ name, namespace: NS, body: { ...pod, status } });
  for (const reason of ['BackOff', 'Started']) {
    await core.createNamespacedEvent({
      namespace: NS,
      body: {
        metadata: { generateName: `${name}.`, namespace: NS },
        involvedObject: { kind: 'Pod', name, namespace: NS, uid: pod.metadata?.uid ?? '' },
        reason,
        message: `${reason} container app`,
        type: reason === 'BackOff' ? 'Warning' : 'Normal',
        lastTimestamp: new Date(),
        source: { component: 'kubelet' },
      },
    });
  }
}

const kc = new k8s.KubeConfig();
kc.loadFromFile(cluster.controllerKubeconfig);
const clients = createRunnerClients(kc, { namespace: NS, runnerName: 'kubetalk-runner' });
const catalog = mergeCatalogs(dispatchMessages, diagnoseMessages);
const ref = { kind: 'Deployment', namespace: NS, name: 'web' } as const;

const ms: number[] = [];
let calls = 0;
let replyBytes = 0;
let cause = '';
for (let i = 0; i < runs + 2; i++) {
  const t0 = performance.now();
  const d = await diagnoseWorkload(ref, clients, { maxLogBytes: 4096 });
  const t1 = performance.now();
  const out = renderReport(d.report);
  const text = renderOutcome(out, (m) => formatMessage(catalog, 'en', m), '').markdown;
  if (i < 2) continue; // warm-up: connections and JIT
  ms.push(t1 - t0);
  calls = Math.max(calls, d.apiCalls);
  replyBytes = Math.max(replyBytes, Buffer.byteLength(text));
  cause = d.report.findings[0]?.cause ?? 'healthy';
}
await cluster.stop();

const s = spread(ms);
const md = `## diagnose

\`npm run bench:diagnose\` (bench/diagnose.ts): \`diagnoseWorkload\` of a Deployment with ${PODS} pods, half of
them crash-looping (status and events written as the kubelet would; kwok runs no containers), as the runner
through impersonation, ${runs} runs after 2 warm-ups. The reply names \`${cause}\` for ${PODS / 2} pods in one finding.

| measure | value |
| ------- | ----- |
| time per diagnosis, median (min–max) | ${fmtSpread(s, 'ms')} |
| API calls per diagnosis | ${calls} (bounded by 14 whatever the pod count: one list each for pods, ReplicaSets, events, Services) |
| reply size | ${fmt(replyBytes / 1024)} KiB (DingTalk's limit: 19.5 KiB) |

${renderMachine(machine, loadAtStart)}
`;
console.log(md);
if (!flags.quick) writeSection('diagnose', md);
process.exit(0);
