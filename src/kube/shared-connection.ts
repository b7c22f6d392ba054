// One pooled connection per kubeconfig, and client configurations built on it: client-node 2.0.1 builds a new undici Agent (so a new TLS handshake) for
// every request; measured in bench/ at ~3 ms and tens of MiB of garbage per call.
import {
  createConfiguration,
  ServerConfiguration,
  type Configuration,
  type KubeConfig,
  type ObservableMiddleware,
  type RequestContext,
  type SecurityAuthentication,
} from '@kubernetes/client-node';

type Dispatcher = ReturnType<RequestContext['getDispatcher']>;

/** Re-created now and then, so rotated client certificates or CA bundles are picked up without a restart. */
const REFRESH_MS = 5 * 60_000;
const byKubeConfig = new WeakMap<KubeConfig, SecurityAuthentication>();

/**
 * Authenticates requests as the kubeconfig does (headers, tokens, exec plugins are applied per request), but
 * sends them all through one shared dispatcher instead of the fresh one client-node makes each time.
 */
export function sharedConnectionAuth(kc: KubeConfig): SecurityAuthentication {
  const cached = byKubeConfig.get(kc);
  if (cached) return cached;
  let shared: Dispatcher | undefined;
  let createdAt = 0;
  const auth: SecurityAuthentication = {
    getName: () => 'kubeconfig (shared connection)',
    async applySecurityAuthentication(ctx: RequestContext): Promise<void> {
      await kc.applySecurityAuthentication(ctx);
      const now = Date.now();
      if (shared === undefined || now - createdAt > REFRESH_MS) {
        shared = ctx.getDispatcher();
        createdAt = now;
      }
      if (shared !== undefined) ctx.setDispatcher(shared);
    },
  };
  byKubeConfig.set(kc, auth);
  return auth;
}

/** The one way kubetalk builds a client configuration (typed clients and `raw-request.ts` alike). */
export function createClientConfiguration(
  kc: KubeConfig,
  middleware: readonly ObservableMiddleware[],
): Configuration {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  return createConfiguration({
    baseServer: new ServerConfiguration(cluster.server, {}),
    // The KubeConfig authenticates (certificates, tokens, exec plugins, TLS); one pooled connection carries it all.
    authMethods: { default: sharedConnectionAuth(kc) },
    middleware: [...middleware],
  });
}
