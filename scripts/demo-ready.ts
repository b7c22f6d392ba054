// Waits until kubetalk has accepted the demo's ChatCommands (Ready=True), saying which are still pending.
import { setTimeout as sleep } from 'node:timers/promises';
import * as k8s from '@kubernetes/client-node';
import { GROUP, PLURAL, VERSION } from '../src/api/chat-command.ts';

interface Listed {
  items: Array<{
    metadata: { name: string };
    status?: { conditions?: Array<{ type: string; status: string; reason: string; message: string }> };
  }>;
}

/** Resolves with the commands still not Ready after `timeoutMs` (empty when all are). */
export async function waitForDemoCommands(
  kubeconfig: string,
  namespace: string,
  names: readonly string[],
  progress: (line: string) => void,
  timeoutMs = 60_000,
): Promise<string[]> {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  const deadline = Date.now() + timeoutMs;
  let lastReport = 0;
  for (;;) {
    const list = (await custom
      .listNamespacedCustomObject({ group: GROUP, version: VERSION, plural: PLURAL, namespace })
      .catch(() => ({ items: [] }))) as Listed;
    const pending = names.flatMap((name) => {
      const ready = list.items
        .find((i) => i.metadata.name === name)
        ?.status?.conditions?.find((c) => c.type === 'Ready');
      return ready?.status === 'True'
        ? []
        : [`${name} (${ready ? `${ready.reason}: ${ready.message}` : 'no status yet'})`];
    });
    if (pending.length === 0) {
      progress(`ChatCommands accepted: ${names.join(', ')}`);
      return [];
    }
    if (Date.now() > deadline) {
      progress(`not Ready after ${Math.round(timeoutMs / 1000)} s, going on: ${pending.join('; ')}`);
      return pending;
    }
    if (Date.now() - lastReport > 3_000) {
      progress(
        `waiting for kubetalk to accept the ChatCommands: ${pending.length} of ${names.length} pending`,
      );
      lastReport = Date.now();
    }
    await sleep(300);
  }
}
