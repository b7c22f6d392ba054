// Server-side apply of manifests exactly as written, for the few kinds the demo installs.
import * as k8s from '@kubernetes/client-node';
import { API_VERSION, KIND, PLURAL } from '../src/api/chat-command.ts';
import { createRawRequest, type RawRequest } from '../src/kube/raw-request.ts';
import { createClientConfiguration } from '../src/kube/shared-connection.ts';

/** apiVersion/kind → the collection path's prefix and plural; namespaced kinds get `/namespaces/<ns>` inserted. */
const RESOURCES: Readonly<
  Record<string, { readonly prefix: string; readonly plural: string; readonly namespaced: boolean }>
> = {
  'apiextensions.k8s.io/v1/CustomResourceDefinition': {
    prefix: '/apis/apiextensions.k8s.io/v1',
    plural: 'customresourcedefinitions',
    namespaced: false,
  },
  'v1/Namespace': { prefix: '/api/v1', plural: 'namespaces', namespaced: false },
  'v1/ServiceAccount': { prefix: '/api/v1', plural: 'serviceaccounts', namespaced: true },
  'apps/v1/Deployment': { prefix: '/apis/apps/v1', plural: 'deployments', namespaced: true },
  'rbac.authorization.k8s.io/v1/Role': {
    prefix: '/apis/rbac.authorization.k8s.io/v1',
    plural: 'roles',
    namespaced: true,
  },
  'rbac.authorization.k8s.io/v1/RoleBinding': {
    prefix: '/apis/rbac.authorization.k8s.io/v1',
    plural: 'rolebindings',
    namespaced: true,
  },
  [`${API_VERSION}/${KIND}`]: { prefix: `/apis/${API_VERSION}`, plural: PLURAL, namespaced: true },
};

/** The object's own URL path, e.g. `/apis/apps/v1/namespaces/demo/deployments/web`. */
export function objectPath(obj: k8s.KubernetesObject): string {
  const r = RESOURCES[`${obj.apiVersion ?? ''}/${obj.kind ?? ''}`];
  if (!r) throw new Error(`server-side apply: no path known for ${obj.apiVersion}/${obj.kind}`);
  const name = obj.metadata?.name;
  if (!name) throw new Error(`server-side apply: ${obj.kind} without metadata.name`);
  const ns = obj.metadata?.namespace;
  if (r.namespaced && !ns)
    throw new Error(`server-side apply: ${obj.kind}/${name} without metadata.namespace`);
  const scope = r.namespaced ? `/namespaces/${encodeURIComponent(ns ?? '')}` : '';
  return `${r.prefix}${scope}/${r.plural}/${encodeURIComponent(name)}`;
}

/**
 * Applies objects as the given field manager, taking over conflicting fields. Not through KubernetesObjectApi:
 * its typed serializer drops fields it does not model, and for our CRD that was 7 of its 9 CEL rules.
 */
export function createServerSideApply(
  kc: k8s.KubeConfig,
  fieldManager: string,
): (obj: k8s.KubernetesObject) => Promise<unknown> {
  const request: RawRequest = createRawRequest(createClientConfiguration(kc, []));
  return (obj) =>
    request(k8s.HttpMethod.PATCH, objectPath(obj), {
      query: { fieldManager, force: 'true' },
      body: obj,
      contentType: k8s.PatchStrategy.ServerSideApply,
    });
}
