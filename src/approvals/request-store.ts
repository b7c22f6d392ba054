// ChatRequests in the API server: create, find by code, and write decisions conditional on the resourceVersion
// they were computed from, so two replicas deciding at once can never both win.
import { createHash } from 'node:crypto';
import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { API_VERSION, GROUP, KIND, VERSION } from '../api/chat-command.ts';
import {
  REQUEST_KIND,
  REQUEST_LABELS,
  REQUEST_PLURAL,
  type ChatRequest,
  type ChatRequestSpec,
  type ChatRequestStatus,
} from '../api/chat-request.ts';
import { isConflict, isNotFound } from '../kube/api-status.ts';
import { makeDeadlineClient } from '../kube/deadline-client.ts';
import { generateRequestCode, requestName } from './request-code.ts';

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

export function hashRequester(id: string): string {
  return createHash('sha256').update(id).digest('hex').slice(0, 32);
}

export function stateLabel(state: ChatRequestStatus['state']): string {
  return state.toLowerCase();
}

export interface KubeRequestStoreOptions {
  readonly kc: KubeConfig;
  /** Empty: every namespace. */
  readonly namespaces: readonly string[];
  readonly callTimeoutMs?: number;
}

const ENDED_SELECTOR = `${REQUEST_LABELS.state} in (rejected,expired,cancelled,succeeded,failed)`;

export function createKubeRequestStore(opts: KubeRequestStoreOptions): RequestStore {
  const api = makeDeadlineClient(opts.kc, CustomObjectsApi, opts.callTimeoutMs ?? 10_000);
  const base = { group: GROUP, version: VERSION, plural: REQUEST_PLURAL };

  async function list(labelSelector: string, namespace?: string): Promise<ChatRequest[]> {
    const spaces = namespace !== undefined ? [namespace] : opts.namespaces;
    if (spaces.length === 0) {
      const all = (await api.listClusterCustomObject({ ...base, labelSelector })) as { items: ChatRequest[] };
      return all.items;
    }
    const lists = await Promise.all(
      spaces.map(
        async (ns) =>
          (
            (await api.listNamespacedCustomObject({ ...base, namespace: ns, labelSelector })) as {
              items: ChatRequest[];
            }
          ).items,
      ),
    );
    return lists.flat();
  }

  function labelsFor(
    spec: ChatRequestSpec,
    code: string,
    state: ChatRequestStatus['state'],
  ): Record<string, string> {
    return {
      'app.kubernetes.io/managed-by': 'kubetalk',
      [REQUEST_LABELS.code]: code.toLowerCase(),
      [REQUEST_LABELS.state]: stateLabel(state),
      [REQUEST_LABELS.command]: spec.command.name,
      [REQUEST_LABELS.requester]: hashRequester(spec.requester.id),
    };
  }

  return {
    async create(req) {
      for (let attempt = 0; ; attempt++) {
        const code = generateRequestCode();
        const body = {
          apiVersion: API_VERSION,
          kind: REQUEST_KIND,
          metadata: {
            name: requestName(code),
            namespace: req.namespace,
            labels: labelsFor(req.spec, code, 'Pending'),
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
            ...base,
            namespace: req.namespace,
            body,
          })) as ChatRequest;
        } catch (err) {
          // A code already used in this namespace: draw another (30 bits each, so this is rare).
          if (isConflict(err) && attempt < 3) continue;
          throw err;
        }
      }
    },
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
        ...base,
        namespace: current.metadata.namespace,
        name: current.metadata.name,
        body,
      })) as ChatRequest;
    },
    async get(namespace, name) {
      try {
        return (await api.getNamespacedCustomObject({ ...base, namespace, name })) as ChatRequest;
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
    listByState: (state) =>
      list(state === 'ended' ? ENDED_SELECTOR : `${REQUEST_LABELS.state}=${stateLabel(state)}`),
    async countPending(namespace, by) {
      const parts = [`${REQUEST_LABELS.state}=pending`];
      if (by.command !== undefined) parts.push(`${REQUEST_LABELS.command}=${by.command}`);
      if (by.requesterId !== undefined)
        parts.push(`${REQUEST_LABELS.requester}=${hashRequester(by.requesterId)}`);
      return (await list(parts.join(','), namespace)).length;
    },
    async delete(req) {
      try {
        await api.deleteNamespacedCustomObject({
          ...base,
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
    },
  };
}
