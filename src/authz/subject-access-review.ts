// Asks the API server whether a Kubernetes user (with groups) may do one thing, through a SubjectAccessReview.
import { AuthorizationV1Api, type KubeConfig } from '@kubernetes/client-node';
import { makeDeadlineClient } from '../kube/deadline-client.ts';
import type { ResourceAccess } from './access-table.ts';
import type { KubernetesIdentity } from './identity-index.ts';

export interface AccessQuestion {
  readonly identity: Pick<KubernetesIdentity, 'user' | 'groups'>;
  readonly access: ResourceAccess;
  readonly namespace: string;
  /** Omitted: the question is about any object of the resource in the namespace. */
  readonly name?: string;
}

export interface AccessAnswer {
  readonly allowed: boolean;
  /** The authorizer's reason, for logs (RBAC: `RBAC: allowed by RoleBinding …`). */
  readonly reason: string;
}

/** The port the access gate needs; the real one creates SubjectAccessReviews. */
export type AccessReviewer = (q: AccessQuestion) => Promise<AccessAnswer>;

/**
 * Every authenticated request carries the group `system:authenticated` (impersonation adds it too), so bindings to
 * it apply to the person in chat as they would to the same person using kubectl.
 */
export const AUTHENTICATED_GROUP = 'system:authenticated';

export function createSubjectAccessReviewer(kc: KubeConfig, callTimeoutMs = 10_000): AccessReviewer {
  const api = makeDeadlineClient(kc, AuthorizationV1Api, callTimeoutMs);
  return async (q) => {
    const groups = [...new Set([...q.identity.groups, AUTHENTICATED_GROUP])];
    const review = await api.createSubjectAccessReview({
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec: {
          user: q.identity.user,
          groups,
          resourceAttributes: {
            namespace: q.namespace,
            verb: q.access.verb,
            group: q.access.group,
            resource: q.access.resource,
            ...(q.access.subresource ? { subresource: q.access.subresource } : {}),
            ...(q.name !== undefined ? { name: q.name } : {}),
          },
        },
      },
    });
    const status = review.status;
    // `denied` is an explicit no; otherwise anything short of allowed is a no as well (deny by default).
    return { allowed: status?.allowed === true && status.denied !== true, reason: status?.reason ?? '' };
  };
}

/** The cache key of a question: every attribute that can change the answer. */
export function questionKey(q: AccessQuestion): string {
  return JSON.stringify([
    q.identity.user,
    [...q.identity.groups].sort(),
    q.access.verb,
    q.access.group,
    q.access.resource,
    q.access.subresource ?? '',
    q.namespace,
    q.name ?? '',
  ]);
}
