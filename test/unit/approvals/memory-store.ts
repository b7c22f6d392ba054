// An in-memory RequestStore that behaves like the API server where it matters: every write is conditional on
// the resourceVersion it carries, and a stale one is refused with a 409.
import { ApiException } from '@kubernetes/client-node';
import type { ChatRequest } from '../../../src/api/chat-request.ts';
import type { RequestStore } from '../../../src/approvals/request-store.ts';
import { hashRequester } from '../../../src/approvals/request-store.ts';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

export function createMemoryStore(
  now: () => number,
  codes: string[] = [],
): RequestStore & {
  readonly objects: Map<string, ChatRequest>;
} {
  const objects = new Map<string, ChatRequest>();
  let rv = 0;
  const key = (ns: string, name: string): string => `${ns}/${name}`;
  const copy = <T>(v: T): T => structuredClone(v);
  return {
    objects,
    async create(req) {
      await tick();
      const code = codes.shift() ?? `C${String(objects.size).padStart(5, '2')}`.slice(0, 6);
      const obj: ChatRequest = {
        apiVersion: 'kubetalk.io/v1alpha1',
        kind: 'ChatRequest',
        metadata: {
          name: `req-${code.toLowerCase()}`,
          namespace: req.namespace,
          resourceVersion: String(++rv),
          creationTimestamp: new Date(now()).toISOString(),
          labels: {
            'kubetalk.io/requester': hashRequester(req.spec.requester.id),
            'kubetalk.io/command': req.spec.command.name,
          },
        },
        spec: copy(req.spec),
        status: { state: 'Pending' },
      };
      objects.set(key(req.namespace, obj.metadata.name), obj);
      return copy(obj);
    },
    async findByCode(code) {
      await tick();
      return [...objects.values()].filter((o) => o.metadata.name === `req-${code.toLowerCase()}`).map(copy);
    },
    async writeStatus(current, status) {
      await tick();
      const k = key(current.metadata.namespace, current.metadata.name);
      const stored = objects.get(k);
      if (!stored || stored.metadata.resourceVersion !== current.metadata.resourceVersion)
        throw new ApiException(409, 'Conflict', '{"kind":"Status","code":409,"reason":"Conflict"}', {});
      const next: ChatRequest = {
        ...copy(stored),
        metadata: { ...stored.metadata, resourceVersion: String(++rv) },
        status: copy(status),
      };
      objects.set(k, next);
      return copy(next);
    },
    async get(namespace, name) {
      await tick();
      const o = objects.get(key(namespace, name));
      return o ? copy(o) : undefined;
    },
    async listByState(state) {
      await tick();
      const ended = ['Rejected', 'Expired', 'Cancelled', 'Succeeded', 'Failed'];
      return [...objects.values()]
        .filter((o) => (state === 'ended' ? ended.includes(o.status.state) : o.status.state === state))
        .map(copy);
    },
    async countPending(namespace, by) {
      await tick();
      return [...objects.values()].filter(
        (o) =>
          o.metadata.namespace === namespace &&
          o.status.state === 'Pending' &&
          (by.command === undefined || o.spec.command.name === by.command) &&
          (by.requesterId === undefined || o.spec.requester.id === by.requesterId),
      ).length;
    },
    async delete(req) {
      await tick();
      objects.delete(key(req.metadata.namespace, req.metadata.name));
    },
  };
}
