// ChatRequests in the API server: create, find by code, and write decisions conditional on the resourceVersion
// they were computed from, so two replicas deciding at once can never both win.
import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import {
  REQUEST_LABELS,
  type ChatRequest,
  type ChatRequestSpec,
  type ChatRequestStatus,
} from '../api/chat-request.ts';
import { isNotFound } from '../kube/api-status.ts';
import { makeDeadlineClient } from '../kube/deadline-client.ts';
import { createRequest, deleteRequest, listRequests, REQUEST_API } from './request-calls.ts';
import { ENDED_SELECTOR, pendingSelector, stateLabel } from './request-labels.ts';

export interface NewRequest {
  readonly namespace: string;
  readonly spec: ChatRequestSpec;
}

export interface RequestStore {
  /** Creates a Pending request under a fresh code (a taken name is retried with another code). */
  create(req: NewRequest): Promise<ChatRequest>;
  /** The requests with this code in the watched namespaces (normally one). */
  findByCode(code: string): Promise<ChatRequest[]>;
  /** Writes `status` on top of `current`; throws a 409 ApiException when the object changed since it was read. */
  writeStatus(current: ChatRequest, status: ChatRequestStatus): Promise<ChatRequest>;
  get(namespace: string, name: string): Promise<ChatRequest | undefined>;
  /** Requests in a state, in the watched namespaces. */
  listByState(state: 'Pending' | 'Approved' | 'ended'): Promise<ChatRequest[]>;
  /** Pending requests of one command, and of one requester, in a namespace (for the caps). */
  countPending(namespace: string, by: { command?: string; requesterId?: string }): Promise<number>;
  delete(req: ChatRequest): Promise<void>;
}

export { hashRequester, stateLabel } from './request-labels.ts';

export interface KubeRequestStoreOptions {
  readonly kc: KubeConfig;
  /** Empty: every namespace. */
  readonly namespaces: readonly string[];
  readonly callTimeoutMs?: number;
}

export function createKubeRequestStore(opts: KubeRequestStoreOptions): RequestStore {
  const api = makeDeadlineClient(opts.kc, CustomObjectsApi, opts.callTimeoutMs ?? 10_000);
  const list = (labelSelector: string, namespace?: string): Promise<ChatRequest[]> =>
    listRequests(api, opts.namespaces, labelSelector, namespace);
  return {
    create: (req) => createRequest(api, req),
    findByCode: (code) => list(`${REQUEST_LABELS.code}=${code.toLowerCase()}`),
    async writeStatus(current, status) {
      const body = {
        ...current,
        metadata: {
          ...current.metadata,
          labels: { ...current.metadata.labels, [REQUEST_LABELS.state]: stateLabel(status.state) },
        },
        status,
      };
      // resourceVersion stays in the body: the API server refuses the update (409) if anyone wrote in between.
      return (await api.replaceNamespacedCustomObject({
        ...REQUEST_API,
        namespace: current.metadata.namespace,
        name: current.metadata.name,
        body,
      })) as ChatRequest;
    },
    async get(namespace, name) {
      try {
        return (await api.getNamespacedCustomObject({ ...REQUEST_API, namespace, name })) as ChatRequest;
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
    listByState: (state) =>
      list(state === 'ended' ? ENDED_SELECTOR : `${REQUEST_LABELS.state}=${stateLabel(state)}`),
    countPending: async (namespace, by) => (await list(pendingSelector(by), namespace)).length,
    delete: (req) => deleteRequest(api, req),
  };
}
