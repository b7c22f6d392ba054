import type { KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { listInPages, type PageRequest } from '../../../src/controller/list-in-pages.ts';

const obj = (i: number): KubernetesObject => ({
  metadata: {
    name: `c${i}`,
    namespace: 'shop',
    resourceVersion: String(i),
    managedFields: [{ manager: 'kubectl' }],
  },
});

/** A fake API server: 7 objects, served `limit` at a time from one snapshot (resourceVersion 99). */
function pagedServer(total: number, key: '_continue' | 'continue' = '_continue') {
  const requests: PageRequest[] = [];
  const fetchPage = (page: PageRequest): Promise<KubernetesListObject<KubernetesObject>> => {
    requests.push(page);
    const start = page._continue === undefined ? 0 : Number(page._continue);
    const end = Math.min(total, start + page.limit);
    const items = Array.from({ length: end - start }, (_, k) => obj(start + k));
    return Promise.resolve({
      items,
      metadata: { resourceVersion: '99', ...(end < total ? { [key]: String(end) } : {}) },
    });
  };
  return { requests, fetchPage };
}

describe('listInPages', () => {
  it('follows continue tokens to the end and returns one list with the snapshot resourceVersion', async () => {
    const server = pagedServer(7);
    const list = await listInPages(server.fetchPage, 3);
    expect(server.requests).toEqual([
      { limit: 3 },
      { limit: 3, _continue: '3' },
      { limit: 3, _continue: '6' },
    ]);
    expect(list.items.map((o) => o.metadata?.name)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
    expect(list.metadata).toEqual({ resourceVersion: '99' });
  });

  it('drops managedFields from every object as its page lands', async () => {
    const list = await listInPages(pagedServer(4).fetchPage, 2);
    expect(list.items.every((o) => o.metadata?.managedFields === undefined)).toBe(true);
  });

  it('makes one request when everything fits in a page, and handles an empty collection', async () => {
    const small = pagedServer(2);
    expect((await listInPages(small.fetchPage, 500)).items).toHaveLength(2);
    expect(small.requests).toHaveLength(1);
    expect((await listInPages(pagedServer(0).fetchPage)).items).toEqual([]);
  });

  it('fails as a whole when a page fails (the informer then retries the list)', async () => {
    let calls = 0;
    const failing = (): Promise<KubernetesListObject<KubernetesObject>> => {
      calls += 1;
      return calls === 1
        ? Promise.resolve({ items: [obj(0)], metadata: { _continue: 'x' } })
        : Promise.reject(new Error('410 Gone: continue token expired'));
    };
    await expect(listInPages(failing, 1)).rejects.toThrow(/410/);
  });
});

describe('listInPages with CustomObjectsApi', () => {
  it('follows the raw JSON `continue` key too (CustomObjectsApi does not deserialize lists)', async () => {
    // Only 500 of 1,000 ChatCommands were loaded before this (found by the registry benchmark).
    const server = pagedServer(7, 'continue');
    const list = await listInPages(server.fetchPage, 3);
    expect(list.items).toHaveLength(7);
    expect(server.requests).toHaveLength(3);
    expect(list.metadata).toEqual({ resourceVersion: '99' });
  });
});
