// Observes a Deployment's spec.replicas through a watch, so every method's "write landed" moment is taken the
// same way: when the API server tells a watcher, as it tells every controller.
import * as k8s from '@kubernetes/client-node';

export interface ReplicaWatch {
  /** Resolves with performance.now() when spec.replicas is `n` (at once if it already is). */
  waitFor(n: number, timeoutMs: number): Promise<number>;
  current(): number | undefined;
  stop(): void;
}

export async function watchReplicas(
  kc: k8s.KubeConfig,
  namespace: string,
  name: string,
): Promise<ReplicaWatch> {
  let replicas: number | undefined;
  let waiter: { n: number; resolve: (t: number) => void } | undefined;
  const watch = new k8s.Watch(kc);
  let opened: () => void = () => undefined;
  const first = new Promise<void>((resolve) => (opened = resolve));
  const controller = await watch.watch(
    `/apis/apps/v1/namespaces/${namespace}/deployments`,
    { fieldSelector: `metadata.name=${name}` },
    (_type: string, obj: k8s.V1Deployment) => {
      const at = performance.now();
      replicas = obj.spec?.replicas;
      opened();
      if (waiter && replicas === waiter.n) {
        const w = waiter;
        waiter = undefined;
        w.resolve(at);
      }
    },
    (err: unknown) => {
      if (err instanceof Error && err.name !== 'AbortError') console.error(`[watch] ended: ${err.message}`);
    },
  );
  await first;
  return {
    current: () => replicas,
    waitFor(n, timeoutMs) {
      if (replicas === n) return Promise.resolve(performance.now());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiter = undefined;
          reject(new Error(`spec.replicas did not become ${n} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiter = {
          n,
          resolve: (t) => {
            clearTimeout(timer);
            resolve(t);
          },
        };
      });
    },
    stop: () => controller.abort(),
  };
}
