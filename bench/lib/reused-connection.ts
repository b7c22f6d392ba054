// client-node 2.0.1 builds a new undici Agent (a new TLS connection) for every request. This wraps a KubeConfig
// so every request shares one Agent: the "what if connections were reused" row of the end-to-end benchmark.
import * as k8s from '@kubernetes/client-node';

type Dispatcher = ReturnType<k8s.RequestContext['getDispatcher']>;

export function withReusedConnection(
  kc: k8s.KubeConfig,
  middleware: k8s.ObservableMiddleware[] = [],
): k8s.Configuration {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  let shared: Dispatcher | undefined;
  const auth: k8s.SecurityAuthentication = {
    getName: () => 'kubeconfig with one shared dispatcher',
    async applySecurityAuthentication(ctx: k8s.RequestContext) {
      await kc.applySecurityAuthentication(ctx);
      shared ??= ctx.getDispatcher();
      if (shared !== undefined) ctx.setDispatcher(shared);
    },
  };
  return k8s.createConfiguration({
    baseServer: new k8s.ServerConfiguration(cluster.server, {}),
    authMethods: { default: auth },
    middleware,
  });
}
