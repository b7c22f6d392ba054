// ChatCommand churn for the soak: create, update, delete in a loop, so the informer and registry see steady change.
import type * as k8s from '@kubernetes/client-node';

export interface ChurnStats {
  created: number;
  updated: number;
  deleted: number;
  errors: number;
}

const API = { group: 'kubetalk.io', version: 'v1alpha1', plural: 'chatcommands' } as const;

/** One create → update → delete cycle per `intervalMs` until `signal` aborts; at most `maxCycles`. */
export async function runChurn(opts: {
  readonly custom: k8s.CustomObjectsApi;
  readonly namespace: string;
  readonly group: string;
  readonly user: string;
  readonly intervalMs: number;
  readonly maxCycles: number;
  readonly signal: AbortSignal;
}): Promise<ChurnStats> {
  const stats: ChurnStats = { created: 0, updated: 0, deleted: 0, errors: 0 };
  const { custom, namespace } = opts;
  for (let i = 0; i < opts.maxCycles && !opts.signal.aborted; i++) {
    const name = `churn-${i % 5}`;
    const spec = {
      trigger: `churn${i % 5}`,
      description: `churn cycle ${i}`,
      targets: { kind: 'Deployment', names: ['web'] },
      action: { rollout: { operation: 'status' } },
      allow: { conversations: [opts.group], users: [opts.user] },
    };
    try {
      await custom.createNamespacedCustomObject({
        ...API,
        namespace,
        body: { apiVersion: 'kubetalk.io/v1alpha1', kind: 'ChatCommand', metadata: { name }, spec },
      });
      stats.created += 1;
      await custom.patchNamespacedCustomObject({
        ...API,
        namespace,
        name,
        body: [{ op: 'replace', path: '/spec/description', value: `updated ${i}` }],
      });
      stats.updated += 1;
      await custom.deleteNamespacedCustomObject({ ...API, namespace, name });
      stats.deleted += 1;
    } catch {
      stats.errors += 1;
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs));
  }
  return stats;
}
