// The set-up the end-to-end scale benchmark and the soak share: a control plane with Deployment `web`, one `scale`
// ChatCommand for one sender in one conversation, a reply sink and the built controller.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  applyObjects,
  chatCommand,
  deployment,
  runnerManifests,
  startBenchCluster,
  type BenchCluster,
} from './bench-cluster.ts';
import { controllerEnv, startController, type BenchController } from './controller.ts';
import { startReplySink, type ReplySink } from './reply-sink.ts';

export interface ScaleSetupOptions {
  /** Names the temp dirs (`kubetalk-bench-<name>-…`). */
  readonly name: string;
  readonly namespace: string;
  readonly secret: string;
  readonly conversation: string;
  readonly user: string;
  readonly maxReplicas: number;
  /** Settings on top of the defaults (`controllerEnv`). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface ScaleSetup {
  readonly cluster: BenchCluster;
  /** A temp dir of this run's own: the controller log, kubectl's cache. */
  readonly workDir: string;
  readonly sink: ReplySink;
  readonly controller: BenchController;
}

export async function startScaleSetup(o: ScaleSetupOptions): Promise<ScaleSetup> {
  const cluster = await startBenchCluster(o.name, { minimal: true });
  const workDir = mkdtempSync(join(tmpdir(), `kubetalk-bench-${o.name}-run-`));
  applyObjects(cluster.plane, [
    ...runnerManifests(o.namespace),
    deployment('web', o.namespace, 1),
    chatCommand(o.namespace, 'scale-web', {
      trigger: 'scale',
      targets: { kind: 'Deployment', names: ['web'] },
      action: { scale: { minReplicas: 1, maxReplicas: o.maxReplicas } },
      allow: { conversations: [o.conversation], users: [o.user] },
    }),
  ]);
  const sink = await startReplySink();
  const controller = await startController({
    env: { ...controllerEnv(cluster.controllerKubeconfig, o.secret, sink.host), ...o.env },
    logFile: join(workDir, 'controller.log'),
  });
  return { cluster, workDir, sink, controller };
}
