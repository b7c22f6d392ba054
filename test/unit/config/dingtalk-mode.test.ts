import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../src/config/schema.ts';

const base = { KUBETALK_DINGTALK_APP_SECRET: 's' };

function problems(raw: Record<string, string>): readonly string[] {
  try {
    parseConfig(raw);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('DingTalk inbound mode and OpenAPI settings', () => {
  it('defaults to the HTTP callback, DingTalk hosts, and robotCode = client ID', () => {
    const c = parseConfig({ ...base, KUBETALK_DINGTALK_CLIENT_ID: 'dingabc' }).dingtalk;
    expect(c).toMatchObject({
      mode: 'http',
      clientId: 'dingabc',
      robotCode: 'dingabc',
      openApiUrl: 'https://api.dingtalk.com',
      streamGatewayUrl: 'https://api.dingtalk.com',
      apiAllowInsecure: false,
      replyFallbackMs: 60_000,
    });
    expect(c.apiAllowedHosts).toEqual([
      'api.dingtalk.com',
      'wss-open-connection.dingtalk.com',
      'wss-open-connection-union.dingtalk.com',
    ]);
  });

  it('stream and both need the client ID, and say where to find it', () => {
    expect(problems({ ...base, KUBETALK_DINGTALK_MODE: 'stream' }).join()).toMatch(
      /CLIENT_ID is not set.*Client ID/,
    );
    expect(
      parseConfig({ ...base, KUBETALK_DINGTALK_MODE: 'BOTH', KUBETALK_DINGTALK_CLIENT_ID: 'x' }).dingtalk
        .mode,
    ).toBe('both');
    expect(problems({ ...base, KUBETALK_DINGTALK_MODE: 'websocket' }).join()).toMatch(
      /expected http, stream or both/,
    );
  });

  it('refuses API URLs that are not https or not on the allow-list', () => {
    const id = { KUBETALK_DINGTALK_CLIENT_ID: 'x' };
    expect(problems({ ...base, ...id, KUBETALK_DINGTALK_API_URL: 'http://api.dingtalk.com' }).join()).toMatch(
      /https/,
    );
    expect(
      problems({
        ...base,
        ...id,
        KUBETALK_DINGTALK_MODE: 'stream',
        KUBETALK_DINGTALK_STREAM_GATEWAY_URL: 'https://evil.example',
      }).join(),
    ).toMatch(/evil.example is not in KUBETALK_DINGTALK_API_ALLOWED_HOSTS/);
    const local = parseConfig({
      ...base,
      ...id,
      KUBETALK_DINGTALK_API_URL: 'http://127.0.0.1:9999',
      KUBETALK_DINGTALK_API_ALLOWED_HOSTS: '127.0.0.1:9999',
      KUBETALK_DINGTALK_API_ALLOW_INSECURE: 'true',
    });
    expect(local.dingtalk.openApiUrl).toBe('http://127.0.0.1:9999');
  });
});
