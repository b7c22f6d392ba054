// Lists ChatCommands page by page, in one namespace or cluster-wide: the informers' list step.
import type { CustomObjectsApi, KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';
import { GROUP, PLURAL, VERSION } from '../api/chat-command.ts';
import { listInPages } from './list-in-pages.ts';

export function watchPath(namespace: string | undefined): string {
  return namespace
    ? `/apis/${GROUP}/${VERSION}/namespaces/${namespace}/${PLURAL}`
    : `/apis/${GROUP}/${VERSION}/${PLURAL}`;
}

export function listChatCommands<T extends KubernetesObject>(
  custom: CustomObjectsApi,
  namespace: string | undefined,
): Promise<KubernetesListObject<T>> {
  return listInPages<T>(
    (page) =>
      (namespace
        ? custom.listNamespacedCustomObject({
            group: GROUP,
            version: VERSION,
            namespace,
            plural: PLURAL,
            ...page,
          })
        : custom.listClusterCustomObject({
            group: GROUP,
            version: VERSION,
            plural: PLURAL,
            ...page,
          })) as Promise<KubernetesListObject<T>>,
  );
}
