import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { UserFacingError, isUserFacingError } from '../../../src/errors.ts';
import { mapKubeError, type ErrorContext } from '../../../src/actions/explain-api-error.ts';
import { readApiStatus } from '../../../src/kube/api-status.ts';
import { retryOnConflict } from '../../../src/kube/retry-on-conflict.ts';

const ctx: ErrorContext = {
  runnerUser: 'system:serviceaccount:shop:kubetalk-runner',
  runnerName: 'kubetalk-runner',
  namespace: 'shop',
  target: { kind: 'Deployment', name: 'web' },
};

/** An ApiException as client-node 2.x throws it: the body is the raw Status JSON text. */
function apiError(code: number, status: object | undefined): ApiException<unknown> {
  return new ApiException(
    code,
    'Unknown API Status Code!',
    status === undefined ? undefined : JSON.stringify(status),
    {},
  );
}

function mapped(err: unknown, c: ErrorContext = ctx): unknown {
  const out = mapKubeError(err, c);
  return isUserFacingError(out) ? out.userMessage : out;
}

describe('mapKubeError', () => {
  it('names the runner, verb and resource of an RBAC denial', () => {
    const err = apiError(403, {
      kind: 'Status',
      reason: 'Forbidden',
      message:
        'deployments.apps "web" is forbidden: User "system:serviceaccount:shop:kubetalk-runner" cannot patch resource "deployments/scale" in API group "apps" in the namespace "shop"',
    });
    expect(mapped(err)).toEqual({
      key: 'action.forbidden',
      params: {
        runner: ctx.runnerUser,
        verb: 'patch',
        resource: 'deployments/scale.apps',
        namespace: 'shop',
      },
    });
    const core = apiError(403, {
      message:
        'pods "p" is forbidden: User "system:serviceaccount:shop:kubetalk-runner" cannot get resource "pods/log" in API group "" in the namespace "shop"',
    });
    expect(mapped(core)).toMatchObject({ params: { verb: 'get', resource: 'pods/log' } });
  });

  it('tells operators when the controller may not impersonate the runner', () => {
    const err = apiError(403, {
      message:
        'users "system:serviceaccount:shop:kubetalk-runner" is forbidden: User "system:serviceaccount:kubetalk:kubetalk" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "shop"',
    });
    expect(mapped(err)).toEqual({
      key: 'action.impersonation-forbidden',
      params: {
        controller: 'system:serviceaccount:kubetalk:kubetalk',
        runner: ctx.runnerUser,
        runnerName: 'kubetalk-runner',
        namespace: 'shop',
      },
    });
  });

  it('passes other 403s (admission, quota) through with their reason', () => {
    expect(mapped(apiError(403, { message: 'admission webhook "x" denied the request: no' }))).toEqual({
      key: 'action.forbidden-other',
      params: { runner: ctx.runnerUser, reason: 'admission webhook "x" denied the request: no' },
    });
  });

  it('maps 404 to not-found, naming the target or the object in the details', () => {
    expect(
      mapped(apiError(404, { reason: 'NotFound', details: { name: 'web', kind: 'deployments' } })),
    ).toEqual({
      key: 'action.not-found',
      params: { kind: 'deployment', name: 'web', namespace: 'shop' },
    });
    expect(mapped(apiError(404, { reason: 'NotFound', details: { name: 'web-abc', kind: 'pods' } }))).toEqual(
      {
        key: 'action.not-found',
        params: { kind: 'pods', name: 'web-abc', namespace: 'shop' },
      },
    );
    expect(mapped(apiError(404, undefined))).toMatchObject({ params: { kind: 'deployment', name: 'web' } });
  });

  it('maps the rest of the HTTP vocabulary', () => {
    expect(mapped(apiError(401, undefined))).toEqual({ key: 'action.unauthenticated', params: {} });
    expect(mapped(apiError(409, { reason: 'Conflict' }))).toMatchObject({ key: 'action.conflict' });
    expect(
      mapped(apiError(422, { message: 'Deployment.apps "web" is invalid: spec.replicas: Invalid value' })),
    ).toEqual({
      key: 'action.rejected',
      params: { reason: 'Deployment.apps "web" is invalid: spec.replicas: Invalid value' },
    });
    for (const code of [429, 500, 502, 503])
      expect(mapped(apiError(code, {}))).toMatchObject({ key: 'action.api-unavailable' });
    for (const code of [408, 504])
      expect(mapped(apiError(code, {}))).toMatchObject({ key: 'action.timeout' });
    const teapot = apiError(418, {});
    expect(mapped(teapot)).toBe(teapot);
  });

  it('shortens very long server messages', () => {
    const out = mapped(apiError(422, { message: 'x'.repeat(1000) })) as { params: { reason: string } };
    expect(out.params.reason.length).toBe(300);
    expect(out.params.reason.endsWith('…')).toBe(true);
  });

  it('maps aborts and timeouts, including any failure once the action signal fired', () => {
    expect(mapped(new DOMException('aborted', 'AbortError'))).toMatchObject({ key: 'action.timeout' });
    expect(mapped(new DOMException('slow', 'TimeoutError'))).toMatchObject({ key: 'action.timeout' });
    expect(mapped(new Error('shutdown'), { ...ctx, signal: AbortSignal.abort() })).toMatchObject({
      key: 'action.timeout',
    });
  });

  it('maps connection failures (nested fetch causes) to api-unavailable', () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
    expect(mapped(refused)).toMatchObject({ key: 'action.api-unavailable' });
    const nested = new TypeError('fetch failed', { cause: { cause: { code: 'UND_ERR_SOCKET' } } });
    expect(mapped(nested)).toMatchObject({ key: 'action.api-unavailable' });
  });

  it('leaves unknown errors and UserFacingErrors as they are', () => {
    const bug = new TypeError('x is undefined');
    expect(mapKubeError(bug, ctx)).toBe(bug);
    const ufe = new UserFacingError('action.scale.out-of-bounds', {});
    expect(mapKubeError(ufe, ctx)).toBe(ufe);
  });
});

describe('readApiStatus', () => {
  it('reads JSON text bodies, plain text bodies and missing bodies', () => {
    expect(
      readApiStatus(apiError(404, { message: 'm', reason: 'NotFound', details: { name: 'n', kind: '' } })),
    ).toEqual({
      code: 404,
      message: 'm',
      reason: 'NotFound',
      details: { name: 'n' },
    });
    expect(readApiStatus(new ApiException(500, 'x', 'upstream broke', {}))?.message).toBe('upstream broke');
    expect(readApiStatus(new Error('no'))).toBeUndefined();
  });
});

describe('retryOnConflict', () => {
  it('retries 409 Conflict up to the bound, not other errors', async () => {
    let calls = 0;
    await expect(
      retryOnConflict(() => {
        calls++;
        return calls < 3 ? Promise.reject(apiError(409, { reason: 'Conflict' })) : Promise.resolve('ok');
      }),
    ).resolves.toBe('ok');
    expect(calls).toBe(3);

    calls = 0;
    const conflict = apiError(409, { reason: 'Conflict' });
    await expect(
      retryOnConflict(
        () => {
          calls++;
          return Promise.reject(conflict);
        },
        { attempts: 2, baseDelayMs: 1 },
      ),
    ).rejects.toBe(conflict);
    expect(calls).toBe(2);

    calls = 0;
    await expect(
      retryOnConflict(() => {
        calls++;
        return Promise.reject(apiError(409, { reason: 'AlreadyExists' }));
      }),
    ).rejects.toBeInstanceOf(ApiException);
    expect(calls).toBe(1);
  });
});
