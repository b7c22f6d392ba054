// Turns Kubernetes API failures into chat-safe UserFacingErrors that say who lacks what and what to do next.
import { UserFacingError } from '../errors.ts';
import { isNetworkFailure, readApiStatus, type ApiStatus } from '../kube/api-status.ts';

export interface ErrorContext {
  /** `system:serviceaccount:<namespace>:<runnerName>`, the identity the request impersonated. */
  readonly runnerUser: string;
  readonly runnerName: string;
  readonly namespace: string;
  /** The object the action is about: named in a 404 when the API's own details are missing. */
  readonly target?: { readonly kind: string; readonly name: string };
  /** The action's signal: once aborted, any failure is reported as a timeout rather than as its symptom. */
  readonly signal?: AbortSignal | undefined;
}

const MAX_REASON_CHARS = 300;

function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError');
}

/** A server message fit for one chat line: whitespace collapsed, at most `max` characters. */
export function clipReason(text: string, max = MAX_REASON_CHARS): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** `User "x" cannot patch resource "deployments/scale" in API group "apps" in the namespace "ns"` (RBAC's wording). */
const RBAC_DENIAL = /User "([^"]*)" cannot (\S+) resource "([^"]+)"(?: in API group "([^"]*)")?/;

function mapForbidden(status: ApiStatus, ctx: ErrorContext): UserFacingError {
  const m = RBAC_DENIAL.exec(status.message);
  if (!m) {
    // Admission webhooks, quotas and policies also answer 403; their message is the useful part.
    return new UserFacingError('action.forbidden-other', {
      runner: ctx.runnerUser,
      reason: clipReason(status.message || status.reason),
    });
  }
  const [, user = '', verb = '', resource = '', group = ''] = m;
  if (verb === 'impersonate') {
    return new UserFacingError('action.impersonation-forbidden', {
      controller: user,
      runner: ctx.runnerUser,
      runnerName: ctx.runnerName,
      namespace: ctx.namespace,
    });
  }
  return new UserFacingError('action.forbidden', {
    runner: ctx.runnerUser,
    verb,
    resource: group === '' ? resource : `${resource}.${group}`,
    namespace: ctx.namespace,
  });
}

function mapNotFound(status: ApiStatus, ctx: ErrorContext): UserFacingError {
  const name = status.details.name ?? ctx.target?.name ?? '?';
  const kind =
    ctx.target && name === ctx.target.name
      ? ctx.target.kind.toLowerCase()
      : (status.details.kind ?? 'object');
  return new UserFacingError('action.not-found', { kind, name, namespace: ctx.namespace });
}

/**
 * Maps a failed API call to a UserFacingError, or returns the error unchanged when it is not a known API failure
 * (the dispatcher then reports "internal error" and logs it in full).
 */
export function mapKubeError(err: unknown, ctx: ErrorContext): unknown {
  if (err instanceof UserFacingError) return err;
  if (ctx.signal?.aborted || isAbort(err)) return new UserFacingError('action.timeout');
  const status = readApiStatus(err);
  if (status) {
    switch (status.code) {
      case 401:
        return new UserFacingError('action.unauthenticated');
      case 403:
        return mapForbidden(status, ctx);
      case 404:
        return mapNotFound(status, ctx);
      case 409:
        return new UserFacingError('action.conflict', {
          kind: ctx.target?.kind.toLowerCase() ?? 'object',
          name: ctx.target?.name ?? '?',
        });
      case 400:
      case 422:
        return new UserFacingError('action.rejected', {
          reason: clipReason(status.message || status.reason),
        });
      case 408:
      case 504:
        return new UserFacingError('action.timeout');
      default:
        if (status.code === 429 || status.code >= 500) return new UserFacingError('action.api-unavailable');
        return err;
    }
  }
  if (isNetworkFailure(err)) return new UserFacingError('action.api-unavailable');
  return err;
}
