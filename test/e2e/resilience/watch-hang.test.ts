// A watch that hangs (connection open, no bytes, no error) is noticed: /readyz turns 503 with the reason and the
// informer_synced gauge drops, then both recover once the API server is heard from again.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueClientCert, writeKubeconfig } from '../../../tools/local-cluster/index.ts';
import {
  clusterUnavailableReason,
  createTestNamespace,
  deleteTestNamespace,
  eventually,
  getTestCluster,
} from '../../support/cluster.ts';
import {
  CONTROLLER_USER,
  controllerEnv,
  controllerKubeconfig,
  installCrd,
} from '../../support/chat-harness.ts';
import {
  readMetric,
  startControllerProcess,
  type ControllerProcess,
} from '../../support/controller-process.ts';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy.ts';

const skip = clusterUnavailableReason() !== '';

describe.skipIf(skip)('a hung watch', () => {
  let ns: string;
  let proxy: TcpProxy;
  let controller: ControllerProcess | undefined;

  const readyz = async (): Promise<{ status: number; text: string }> => {
    const res = await fetch(`${controller?.internalUrl ?? ''}/readyz`);
    return { status: res.status, text: await res.text() };
  };

  beforeAll(async () => {
    ns = await createTestNamespace('hang');
    installCrd();
    controllerKubeconfig(); // applies the controller's ClusterRole and binding
    const { plane, state } = getTestCluster();
    proxy = await startTcpProxy(state.apiPort);
    const { cert, key } = issueClientCert(plane.pkiFiles, `hang-${process.pid}`, CONTROLLER_USER, []);
    const kubeconfig = writeKubeconfig(
      join(state.stateDir, `hang-${process.pid}.kubeconfig`),
      `https://127.0.0.1:${proxy.port}`,
      plane.pkiFiles.caCert,
      { cert, key },
    );
    controller = await startControllerProcess(
      controllerEnv('127.0.0.1:9', {
        KUBECONFIG: kubeconfig,
        KUBETALK_NAMESPACES: ns,
        // Watches end every 2 s; one silent for 2 + 2×5 + 1 = 13 s is hung.
        KUBETALK_WATCH_TIMEOUT_SECONDS: '2',
      }),
    );
    await eventually('ready', async () => ((await readyz()).status === 200 ? true : undefined), 60_000);
  });
  afterAll(async () => {
    proxy?.setHung(false);
    await controller?.stop();
    await proxy?.close();
    await deleteTestNamespace(ns);
  });

  it('stays ready while quiet watches end and re-open', async () => {
    await new Promise((r) => setTimeout(r, 8000));
    expect((await readyz()).status).toBe(200);
    expect(await readMetric(controller!.internalUrl, 'kubetalk_informer_synced')).toBe(1);
    const reopened = controller!.logs.filter((l) => l['msg'] === 'watch re-opened' || l['msg'] === 'listing');
    expect(reopened.length).toBeGreaterThan(0);
  });

  it('turns /readyz 503 with the reason and drops the gauge while hung, and recovers', async () => {
    proxy.setHung(true);
    const hung = await eventually(
      'readyz 503',
      async () => {
        const r = await readyz();
        return r.status === 503 ? r.text : undefined;
      },
      45_000,
    );
    expect(hung).toMatch(/watch \/api.* hung: no word from the API server for \d+ s/);
    // The gauge follows on the informer's next health check (a few seconds at most).
    await eventually('gauge dropped to 0', async () =>
      (await readMetric(controller!.internalUrl, 'kubetalk_informer_synced')) === 0 ? true : undefined,
    );
    expect(controller!.child.exitCode).toBeNull();
    await controller!.waitForLog((l) => l['msg'] === 'watch unhealthy', 5000);

    proxy.setHung(false);
    await eventually('ready again', async () => ((await readyz()).status === 200 ? true : undefined), 45_000);
    await eventually('gauge back to 1', async () =>
      (await readMetric(controller!.internalUrl, 'kubetalk_informer_synced')) === 1 ? true : undefined,
    );
    expect(
      (await readMetric(controller!.internalUrl, 'kubetalk_watch_reopened_total', { reason: 'silent' })) +
        (await readMetric(controller!.internalUrl, 'kubetalk_watch_reopened_total', { reason: 'deadline' })) +
        (await readMetric(controller!.internalUrl, 'kubetalk_informer_restarts_total')),
    ).toBeGreaterThan(0);
  });
});
