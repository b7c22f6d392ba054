// The Stream gateway and OpenAPI doubles refuse what DingTalk refuses, so a sloppy client fails the tests.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  OPENAPI_ERROR,
  startOpenApiServer,
  startStreamGateway,
  type OpenApiServer,
  type StreamGateway,
} from '../../support/dingtalk/index.ts';

let gateway: StreamGateway | undefined;
let api: OpenApiServer | undefined;
afterEach(async () => {
  await gateway?.close();
  await api?.close();
  gateway = undefined;
  api = undefined;
});

const subscriptions = [{ type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' }];

async function open(g: StreamGateway, body: unknown, accept = 'application/json'): Promise<Response> {
  return fetch(`${g.baseUrl}/v1.0/gateway/connections/open`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify(body),
  });
}

function dial(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

describe('Stream gateway double', () => {
  it('refuses wrong credentials, a missing Accept header and subscriptions without the robot topic', async () => {
    gateway = await startStreamGateway({ clientId: 'cid', clientSecret: 'sec' });
    expect((await open(gateway, { clientId: 'cid', clientSecret: 'nope', subscriptions })).status).toBe(401);
    expect((await open(gateway, { clientId: 'cid', clientSecret: 'sec', subscriptions }, '*/*')).status).toBe(
      406,
    );
    const events = [{ type: 'EVENT', topic: 'user_add_org' }];
    expect(
      (await open(gateway, { clientId: 'cid', clientSecret: 'sec', subscriptions: events })).status,
    ).toBe(400);
  });

  it('tickets are single-use and expire', async () => {
    gateway = await startStreamGateway({ clientId: 'cid', clientSecret: 'sec', ticketTtlMs: 200 });
    const res = (await (
      await open(gateway, { clientId: 'cid', clientSecret: 'sec', subscriptions })
    ).json()) as {
      endpoint: string;
      ticket: string;
    };
    const url = `${res.endpoint}?ticket=${res.ticket}`;
    const ws = await dial(url);
    await expect(dial(url)).rejects.toThrow(/401/);
    ws.close();
    const late = (await (
      await open(gateway, { clientId: 'cid', clientSecret: 'sec', subscriptions })
    ).json()) as {
      endpoint: string;
      ticket: string;
    };
    await new Promise((r) => setTimeout(r, 300));
    await expect(dial(`${late.endpoint}?ticket=${late.ticket}`)).rejects.toThrow(/401/);
    expect(gateway.refusedTickets()).toBe(2);
  });

  it('records malformed ACKs apart, and re-pushes a frame until a valid ACK arrives', async () => {
    gateway = await startStreamGateway({ clientId: 'cid', clientSecret: 'sec', redeliverAfterMs: 100 });
    const res = (await (
      await open(gateway, { clientId: 'cid', clientSecret: 'sec', subscriptions })
    ).json()) as {
      endpoint: string;
      ticket: string;
    };
    const ws = await dial(`${res.endpoint}?ticket=${res.ticket}`);
    const frames: string[] = [];
    ws.on('message', (d: Buffer) => frames.push(d.toString()));
    const id = gateway.pushCallback({ msgId: 'x' });
    await new Promise((r) => setTimeout(r, 250));
    expect(frames.length).toBeGreaterThanOrEqual(2);
    ws.send(JSON.stringify({ code: 200, headers: { messageId: id }, message: 'OK', data: '{}' })); // no contentType
    ws.send(
      JSON.stringify({
        code: 201,
        headers: { messageId: id, contentType: 'application/json' },
        message: 'OK',
        data: '{}',
      }),
    );
    ws.send(
      JSON.stringify({
        code: 200,
        headers: { messageId: id, contentType: 'application/json' },
        message: 'OK',
        data: { response: null },
      }),
    );
    ws.send(
      JSON.stringify({
        code: 200,
        headers: { messageId: id, contentType: 'application/json' },
        message: 'OK',
        data: '{"response":null}',
      }),
    );
    expect((await gateway.waitForAck(id)).code).toBe(200);
    expect(gateway.malformedAcks()).toHaveLength(3);
    ws.close();
  });
});

describe('OpenAPI double', () => {
  const token = async (a: OpenApiServer): Promise<string> => {
    const r = await fetch(`${a.baseUrl}/v1.0/oauth2/accessToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appKey: 'k', appSecret: 's' }),
    });
    return ((await r.json()) as { accessToken: string }).accessToken;
  };
  const send = async (a: OpenApiServer, tok: string, body: Record<string, unknown>) => {
    const r = await fetch(`${a.baseUrl}/v1.0/robot/groupMessages/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': tok },
      body: JSON.stringify(body),
    });
    return { status: r.status, code: ((await r.json()) as { code?: string }).code };
  };
  const good = {
    robotCode: 'k',
    openConversationId: 'cid==',
    msgKey: 'sampleText',
    msgParam: '{"content":"hi"}',
  };

  it('refuses a bad token, a msgParam object, an oversized msgParam, an unknown msgKey and a foreign group', async () => {
    api = await startOpenApiServer({ appKey: 'k', appSecret: 's', robotCode: 'k', conversations: ['cid=='] });
    const tok = await token(api);
    expect(await send(api, tok, good)).toEqual({ status: 200, code: undefined });
    expect(await send(api, 'forged', good)).toEqual({ status: 400, code: OPENAPI_ERROR.badToken });
    expect((await send(api, tok, { ...good, msgParam: { content: 'hi' } })).code).toBe(
      OPENAPI_ERROR.msgParamInvalid,
    );
    const big = JSON.stringify({ content: 'x'.repeat(15_001) });
    expect((await send(api, tok, { ...good, msgParam: big })).code).toBe(OPENAPI_ERROR.msgParamTooLong);
    expect((await send(api, tok, { ...good, msgKey: 'sampleFeedCard' })).code).toBe(
      OPENAPI_ERROR.msgKeyInvalid,
    );
    expect((await send(api, tok, { ...good, openConversationId: 'cidX' })).code).toBe(
      OPENAPI_ERROR.robotNotInConversation,
    );
    expect((await send(api, tok, { ...good, robotCode: 'other' })).code).toBe(OPENAPI_ERROR.robotCodeAuth);
    api.expireTokens();
    expect((await send(api, tok, good)).code).toBe(OPENAPI_ERROR.badToken);
    expect(api.deliveries()).toHaveLength(1);
  });
});
