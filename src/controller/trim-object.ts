// What the controller keeps of a watched object: server bookkeeping dropped, the informer's copy cut to identity.
import type { KubernetesObject } from '@kubernetes/client-node';

/** Written by `kubectl apply`: a second copy of the whole object, as JSON text. kubetalk never reads it. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

type Metadata = NonNullable<KubernetesObject['metadata']>;

/**
 * A shallow copy of `obj` without `metadata.managedFields` and the last-applied annotation — often larger than
 * the rest of the object together, and nothing in kubetalk reads them. `obj` itself is left untouched.
 */
export function dropServerBookkeeping<T extends KubernetesObject>(obj: T): T {
  const meta = obj.metadata;
  if (meta === undefined) return obj;
  const { managedFields: _managed, annotations, ...rest } = meta;
  const trimmed: Metadata = { ...rest };
  if (annotations !== undefined) {
    const { [LAST_APPLIED_ANNOTATION]: _lastApplied, ...others } = annotations;
    if (Object.keys(others).length > 0) trimmed.annotations = others;
  }
  return { ...obj, metadata: trimmed };
}

/**
 * Cuts an object, in place, down to what client-node's ListWatch cache reads of it: namespace, name and
 * resourceVersion (the uid too, for logs). The ListWatch stores the very object it hands to the handlers and
 * kubetalk never reads that cache, so once the handlers have taken their own validated copy, keeping the rest
 * would hold every ChatCommand twice, managedFields included.
 */
export function keepIdentityOnly(obj: KubernetesObject): void {
  const meta = obj.metadata ?? {};
  const identity: Metadata = {};
  if (meta.namespace !== undefined) identity.namespace = meta.namespace;
  if (meta.name !== undefined) identity.name = meta.name;
  if (meta.resourceVersion !== undefined) identity.resourceVersion = meta.resourceVersion;
  if (meta.uid !== undefined) identity.uid = meta.uid;
  const record = obj as unknown as Record<string, unknown>;
  for (const k of Object.keys(record)) {
    if (k !== 'apiVersion' && k !== 'kind') delete record[k];
  }
  obj.metadata = identity;
}
