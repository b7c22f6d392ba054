import { describe, expect, it } from 'vitest';
import { classifyOpenApiResponse } from '../../../../../src/platforms/dingtalk/openapi/classify-openapi-error.ts';
import { createTokenCache } from '../../../../../src/platforms/dingtalk/openapi/token-cache.ts';

describe('createTokenCache', () => {
  it('fetches once for concurrent callers and reuses the token until shortly before expiry', async () => {
    let t = 0;
    let fetches = 0;
    let release: () => void = () => undefined;
    const cache = createTokenCache({
      now: () => t,
      fetchToken: async () => {
        fetches++;
        await new Promise<void>((r) => (release = r));
        return { token: `tok${fetches}`, expiresInMs: 7_200_000 };
      },
    });
    const all = Promise.all([cache.get(), cache.get(), cache.get()]);
    release();
    expect(await all).toEqual(['tok1', 'tok1', 'tok1']);
    t = 7_200_000 - 5 * 60_000 - 1;
    expect(await cache.get()).toBe('tok1');
    t += 2;
    const next = cache.get();
    release();
    expect(await next).toBe('tok2');
    expect(fetches).toBe(2);
  });

  it('invalidate drops only the token it names, so a stale failure cannot evict a fresh token', async () => {
    let n = 0;
    const cache = createTokenCache({
      fetchToken: () => Promise.resolve({ token: `tok${++n}`, expiresInMs: 7_200_000 }),
    });
    expect(await cache.get()).toBe('tok1');
    cache.invalidate('tok0');
    expect(await cache.get()).toBe('tok1');
    cache.invalidate('tok1');
    expect(await cache.get()).toBe('tok2');
  });

  it('a failed fetch rejects every waiter and the next get tries again', async () => {
    let n = 0;
    const cache = createTokenCache({
      fetchToken: () =>
        ++n === 1 ? Promise.reject(new Error('down')) : Promise.resolve({ token: 'ok', expiresInMs: 1000 }),
    });
    await expect(cache.get()).rejects.toThrow('down');
    expect(await cache.get()).toBe('ok');
  });
});

describe('classifyOpenApiResponse', () => {
  it.each([
    [200, '{"processQueryKey":"k"}', 'ok'],
    [400, '{"code":"InvalidAuthentication","message":"不合法的access_token"}', 'retoken'],
    [401, '{"code":"Unauthorized"}', 'retoken'],
    [401, '', 'retoken'],
    [403, '{"code":"Forbidden.AccessDenied.QpsLimitForAppkeyAndApi"}', 'retry'],
    [429, '', 'retry'],
    [503, '<html>', 'retry'],
    [400, '{"code":"invalidParameter.msgParam.invalid"}', 'fail'],
    [400, '{"code":"resource.robot.notInConversation"}', 'fail'],
    [403, '{"code":"Forbidden.AccessDenied.ApiCountLimitForOrg"}', 'fail'],
    [200, '{"errcode":0}', 'ok'],
    [200, '{"errcode":42001,"errmsg":"token expired"}', 'retoken'],
    [200, '{"errcode":90018}', 'retry'],
    [200, '{"errcode":310000}', 'fail'],
  ])('HTTP %i %s → %s', (status, body, kind) => {
    expect(classifyOpenApiResponse(status, body).kind).toBe(kind);
  });
});
