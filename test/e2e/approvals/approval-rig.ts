// Shared helpers of the approval e2e files: ChatRequests read as the admin, codes read from replies, commands.
import * as k8s from '@kubernetes/client-node';
import type { ChatRequest } from '../../../src/api/chat-request.ts';
import { eventually, getTestCluster } from '../../support/cluster.ts';

export const GROUP = 'cidApprovals==';

function custom(): k8s.CustomObjectsApi {
  return getTestCluster().kc.makeApiClient(k8s.CustomObjectsApi);
}

export async function readRequest(namespace: string, code: string): Promise<ChatRequest> {
  return (await custom().getNamespacedCustomObject({
    group: 'kubetalk.io',
    version: 'v1alpha1',
    plural: 'chatrequests',
    namespace,
    name: `req-${code.toLowerCase()}`,
  })) as ChatRequest;
}

export async function listRequests(namespace: string): Promise<ChatRequest[]> {
  const once = async (): Promise<ChatRequest[]> =>
    (
      (await custom().listNamespacedCustomObject({
        group: 'kubetalk.io',
        version: 'v1alpha1',
        plural: 'chatrequests',
        namespace,
      })) as { items: ChatRequest[] }
    ).items;
  // A resource's first read can meet "storage is (re)initializing" (429, Retry-After 1), as client-go would retry.
  for (let attempt = 1; ; attempt++) {
    try {
      return await once();
    } catch (err) {
      if (attempt >= 10 || (err as { code?: number }).code !== 429) throw err;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

/** Polls the request until it reaches `state` (no timing assertion: the state is what is checked). */
export function waitForState(
  namespace: string,
  code: string,
  state: string,
  timeoutMs = 60_000,
): Promise<ChatRequest> {
  return eventually(
    `request ${code} ${state}`,
    async () => {
      const r = await readRequest(namespace, code);
      return r.status.state === state ? r : undefined;
    },
    timeoutMs,
  );
}

/** The request code in a "Request **CODE**" reply. */
export function codeIn(text: string): string {
  const m = /\*\*([A-Z2-9]{6})\*\*/.exec(text);
  if (!m?.[1]) throw new Error(`no request code in: ${text}`);
  return m[1];
}

export async function readGeneration(namespace: string, name: string): Promise<number> {
  const d = await getTestCluster().apps.readNamespacedDeployment({ name, namespace });
  return d.metadata?.generation ?? -1;
}

export async function readReplicas(namespace: string, name: string): Promise<number> {
  const d = await getTestCluster().apps.readNamespacedDeployment({ name, namespace });
  return d.spec?.replicas ?? -1;
}
