// Lists a collection in pages (limit/continue), trimming each page's objects before the next page is fetched.
import type { KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';
import { dropServerBookkeeping } from './trim-object.ts';

/** Objects per list request: ~1 MB of JSON for ChatCommands, instead of one response holding all of them. */
export const LIST_PAGE_SIZE = 500;

export interface PageRequest {
  readonly limit: number;
  readonly _continue?: string;
}

/**
 * The whole list, one page at a time. With 10,000 ChatCommands one unpaged response is tens of MB of JSON text
 * plus its parse — a peak the process keeps as RSS long after. Pages are served from one consistent snapshot by
 * the API server, so the result equals an unpaged list; the last page's resourceVersion is the list's (the one
 * the watch resumes from). Each object loses managedFields and the last-applied annotation as its page lands.
 */
export async function listInPages<T extends KubernetesObject>(
  fetchPage: (page: PageRequest) => Promise<KubernetesListObject<T>>,
  pageSize: number = LIST_PAGE_SIZE,
): Promise<KubernetesListObject<T>> {
  const items: T[] = [];
  let token: string | undefined;
  for (;;) {
    const page = await fetchPage(
      token === undefined ? { limit: pageSize } : { limit: pageSize, _continue: token },
    );
    for (const item of page.items) items.push(dropServerBookkeeping(item));
    token = continueTokenOf(page);
    if (token === undefined || token === '') {
      const { _continue: _done, ...metadata } = page.metadata ?? {};
      delete (metadata as { continue?: string }).continue;
      return { ...page, items, metadata };
    }
  }
}

/**
 * Typed lists (core, apps) arrive deserialized, with `_continue`; CustomObjectsApi returns the raw JSON, whose key is
 * `continue`. Reading only one of them silently drops every page after the first.
 */
function continueTokenOf(page: KubernetesListObject<KubernetesObject>): string | undefined {
  const metadata = page.metadata as { _continue?: string; continue?: string } | undefined;
  return metadata?._continue ?? metadata?.continue;
}
