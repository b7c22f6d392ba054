// The API calls behind the ChatRequest store, one function each: list across the watched namespaces, create under a
// fresh code, and delete exactly the object that was read (uid and resourceVersion preconditions).
import type { CustomObjectsApi } from '@kubernetes/client-node';
import { API_VERSION, GROUP, KIND, VERSION } from '../api/chat-command.ts';
import { REQUEST_KIND, REQUEST_PLURAL, type ChatRequest } from '../api/chat-request.ts';
import { isConflict, isNotFound } from '../kube/api-status.ts';
import { generateRequestCode, requestName } from './request-code.ts';
import { requestLabels } from './request-labels.ts';
import type { NewRequest } from './request-store.ts';

export const REQUEST_API = { group: GROUP, version: VERSION, plural: REQUEST_PLURAL } as const;

/** Requests matching labelSelector in one namespace, or in every watched one (empty list: cluster-wide). */
export async function listRequests(
  api: CustomObjectsApi,
  namespaces: readonly string[],
  labelSelector: string,
  namespace?: string,
): Promise<ChatRequest[]> {
  const spaces = namespace !== undefined ? [namespace] : namespaces;
  if (spaces.length === 0) {
    const all = (await api.listClusterCustomObject({ ...REQUEST_API, labelSelector })) as {
      items: ChatRequest[];
    };
    return all.items;
  }
  const lists = await Promise.all(
    spaces.map(
      async (ns) =>
        (
          (await api.listNamespacedCustomObject({ ...REQUEST_API, namespace: ns, labelSelector })) as {
            items: ChatRequest[];
          }
        ).items,
    ),
  );
  return lists.flat();
}

export async function createRequest(api: CustomObjectsApi, req: NewRequest): Promise<ChatRequest> {
  for (let attempt = 0; ; attempt++) {
    const code = generateRequestCode();
    const body = {
      apiVersion: API_VERSION,
      kind: REQUEST_KIND,
      metadata: {
        name: requestName(code),
        namespace: req.namespace,
        labels: requestLabels(req.spec, code, 'Pending'),
        // Deleting the ChatCommand deletes its requests (Kubernetes garbage collection).
        ownerReferences: [
          { apiVersion: API_VERSION, kind: KIND, name: req.spec.command.name, uid: req.spec.command.uid },
        ],
      },
      spec: req.spec,
      status: { state: 'Pending' },
    };
    try {
      return (await api.createNamespacedCustomObject({
        ...REQUEST_API,
        namespace: req.namespace,
        body,
      })) as ChatRequest;
    } catch (err) {
      // A code already used in this namespace: draw another (30 bits each, so this is rare).
      if (isConflict(err) && attempt < 3) continue;
      throw err;
    }
  }
}

export async function deleteRequest(api: CustomObjectsApi, req: ChatRequest): Promise<void> {
  try {
    await api.deleteNamespacedCustomObject({
      ...REQUEST_API,
      namespace: req.metadata.namespace,
      name: req.metadata.name,
      // Only the object we looked at: a newer one of the same name stays.
      body: {
        preconditions: {
          ...(req.metadata.uid !== undefined ? { uid: req.metadata.uid } : {}),
          ...(req.metadata.resourceVersion !== undefined
            ? { resourceVersion: req.metadata.resourceVersion }
            : {}),
        },
      },
    });
  } catch (err) {
    if (!isNotFound(err) && !isConflict(err)) throw err;
  }
}
