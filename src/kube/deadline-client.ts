// API clients for the controller's own identity whose every call has a deadline, so a hung API server can never
// hold a claim, a lease renewal or a status write forever (undici's own limit is minutes).
import { createConfiguration, ServerConfiguration, type KubeConfig } from '@kubernetes/client-node';
import type { Configuration } from '@kubernetes/client-node';
import { createSignalMiddleware } from './clients.ts';
import { sharedConnectionAuth } from './shared-connection.ts';

export function makeDeadlineClient<T>(
  kc: KubeConfig,
  api: new (config: Configuration) => T,
  callTimeoutMs: number,
): T {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  const config = createConfiguration({
    baseServer: new ServerConfiguration(cluster.server, {}),
    authMethods: { default: sharedConnectionAuth(kc) },
    middleware: [createSignalMiddleware(undefined, callTimeoutMs)],
  });
  return new api(config);
}
