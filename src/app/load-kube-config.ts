// Chooses the controller's own Kubernetes credentials: KUBECONFIG when set, else the in-cluster ServiceAccount.
import { KubeConfig } from '@kubernetes/client-node';

export function loadKubeConfig(env: Readonly<Record<string, string | undefined>> = process.env): KubeConfig {
  const kc = new KubeConfig();
  const file = env['KUBECONFIG'];
  if (file) {
    try {
      kc.loadFromFile(file);
    } catch (err) {
      throw new Error(`cannot load KUBECONFIG=${file}: ${err instanceof Error ? err.message : String(err)}`, {
        cause: err,
      });
    }
  } else if (env['KUBERNETES_SERVICE_HOST']) kc.loadFromCluster();
  else kc.loadFromDefault();
  if (!kc.getCurrentCluster()) {
    throw new Error('no Kubernetes cluster configured: set KUBECONFIG, or run kubetalk inside a cluster');
  }
  return kc;
}
