// A local stand-in for DingTalk's robot OpenAPI (§5): access tokens that expire, group send and 1:1 batchSend,
// refusing what DingTalk refuses (bad token, robot not in the group, bad msgKey/msgParam, oversize, flow control).
// The endpoints are openapi-routes.ts; this file reads requests, checks the token and records every answer.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { judgeRobotMessage } from './judge-robot-message.ts';
import { OPENAPI_ERROR } from './openapi-errors.ts';
import { batchSendToUsers, issueToken, OPENAPI_PATHS, sendToGroup } from './openapi-routes.ts';
import type { OpenApiServer, OpenApiServerOptions } from './openapi-server-types.ts';
import {
  createOpenApiState,
  openApiFailure as fail,
  type OpenApiAnswer,
  type OpenApiState,
} from './openapi-state.ts';

export type {
  OpenApiCall,
  OpenApiDelivery,
  OpenApiServer,
  OpenApiServerOptions,
} from './openapi-server-types.ts';

export async function startOpenApiServer(options: OpenApiServerOptions): Promise<OpenApiServer> {
  const state = createOpenApiState(options);
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const path = req.url ?? '';
    const { status, body } = route(state, options, req, path, Buffer.concat(chunks));
    const code = typeof body['code'] === 'string' ? body['code'] : undefined;
    state.calls.push({ path, status, ...(code !== undefined ? { code } : {}) });
    res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
    res.end(JSON.stringify(body));
  }

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    addConversation: (id) => void state.conversations.add(id),
    addUser: (id) => void state.users.add(id),
    expireTokens: () => {
      for (const t of state.tokens.keys()) state.tokens.set(t, 0);
    },
    throttleNext: (n) => void (state.throttle = n),
    deliveries: () => [...state.delivered],
    async waitForDeliveries(n, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (state.delivered.length < n) {
        if (Date.now() > deadline)
          throw new Error(`OpenAPI double: ${state.delivered.length} deliveries, wanted ${n}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return [...state.delivered];
    },
    calls: () => [...state.calls],
    tokenRequests: () => state.tokenCount,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** One request's answer: the shape checks every endpoint shares, then the token, then the endpoint. */
function route(
  state: OpenApiState,
  options: OpenApiServerOptions,
  req: IncomingMessage,
  path: string,
  raw: Buffer,
): OpenApiAnswer {
  if (req.method !== 'POST') return fail(405, 'MethodNotAllowed', 'POST only');
  if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
    return fail(415, 'UnsupportedMediaType', 'JSON only');
  const body = parseObject(raw);
  if (!body) return fail(400, 'invalidParameter', 'body is not a JSON object');
  if (path === OPENAPI_PATHS.token) return issueToken(state, body, options);
  const token = req.headers['x-acs-dingtalk-access-token'];
  const expires = typeof token === 'string' ? state.tokens.get(token) : undefined;
  if (expires === undefined || Date.now() >= expires)
    return fail(400, OPENAPI_ERROR.badToken, '不合法的access_token');
  if (path !== OPENAPI_PATHS.group && path !== OPENAPI_PATHS.users)
    return fail(404, 'NotFound', 'no such API');
  const judged = judgeRobotMessage(body, options.robotCode);
  if ('code' in judged) return fail(400, judged.code, judged.message);
  return path === OPENAPI_PATHS.group
    ? sendToGroup(state, body, judged)
    : batchSendToUsers(state, body, judged);
}

function parseObject(raw: Buffer): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(raw.toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
