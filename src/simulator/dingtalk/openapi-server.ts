// A local stand-in for DingTalk's robot OpenAPI (§5): access tokens that expire, group send and 1:1 batchSend,
// refusing what DingTalk refuses (bad token, robot not in the group, bad msgKey/msgParam, oversize, flow control).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { judgeRobotMessage } from './judge-robot-message.ts';
import { OPENAPI_ERROR } from './openapi-errors.ts';

export interface OpenApiServerOptions {
  readonly appKey: string;
  readonly appSecret: string;
  readonly robotCode: string;
  /** Groups the robot is in (openConversationId). */
  readonly conversations?: readonly string[];
  /** Organisation user ids that exist. */
  readonly users?: readonly string[];
  /** Token lifetime in seconds (DingTalk: 7200). */
  readonly tokenTtlSeconds?: number;
  readonly port?: number;
}

export interface OpenApiDelivery {
  readonly kind: 'group' | 'user';
  /** openConversationId or user id. */
  readonly to: string;
  readonly msgKey: string;
  readonly param: Readonly<Record<string, unknown>>;
  readonly at: number;
}

export interface OpenApiCall {
  readonly path: string;
  readonly status: number;
  readonly code?: string;
}

export interface OpenApiServer {
  readonly baseUrl: string;
  readonly host: string;
  addConversation(id: string): void;
  addUser(id: string): void;
  /** Makes every token issued so far invalid (as if its 2 hours had passed). */
  expireTokens(): void;
  /** The next `n` send calls answer flow control (403); batchSend lists the users as flow-controlled instead. */
  throttleNext(n: number): void;
  deliveries(): OpenApiDelivery[];
  waitForDeliveries(n: number, timeoutMs?: number): Promise<OpenApiDelivery[]>;
  calls(): OpenApiCall[];
  tokenRequests(): number;
  close(): Promise<void>;
}

export async function startOpenApiServer(options: OpenApiServerOptions): Promise<OpenApiServer> {
  const ttl = options.tokenTtlSeconds ?? 7200;
  const tokens = new Map<string, number>();
  const conversations = new Set(options.conversations ?? []);
  const users = new Set(options.users ?? []);
  const delivered: OpenApiDelivery[] = [];
  const calls: OpenApiCall[] = [];
  let throttle = 0;
  let tokenCount = 0;

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  function answer(res: ServerResponse, path: string, status: number, body: Record<string, unknown>): void {
    const code = typeof body['code'] === 'string' ? body['code'] : undefined;
    calls.push({ path, status, ...(code !== undefined ? { code } : {}) });
    res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
    res.end(JSON.stringify(body));
  }
  const fail = (res: ServerResponse, path: string, status: number, code: string, message: string): void =>
    answer(res, path, status, { code, message, requestid: randomBytes(8).toString('hex') });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const path = req.url ?? '';
    if (req.method !== 'POST') return fail(res, path, 405, 'MethodNotAllowed', 'POST only');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
      return fail(res, path, 415, 'UnsupportedMediaType', 'JSON only');
    let body: Record<string, unknown>;
    try {
      const v: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
      body = v as Record<string, unknown>;
    } catch {
      return fail(res, path, 400, 'invalidParameter', 'body is not a JSON object');
    }
    if (path === '/v1.0/oauth2/accessToken') {
      if (body['appKey'] !== options.appKey || body['appSecret'] !== options.appSecret)
        return fail(res, path, 400, OPENAPI_ERROR.badCredentials, 'appKey or appSecret is wrong');
      const token = randomBytes(16).toString('hex');
      tokens.set(token, Date.now() + ttl * 1000);
      tokenCount++;
      return answer(res, path, 200, { accessToken: token, expireIn: ttl });
    }
    const token = req.headers['x-acs-dingtalk-access-token'];
    const expires = typeof token === 'string' ? tokens.get(token) : undefined;
    if (expires === undefined || Date.now() >= expires)
      return fail(res, path, 400, OPENAPI_ERROR.badToken, '不合法的access_token');
    if (path !== '/v1.0/robot/groupMessages/send' && path !== '/v1.0/robot/oToMessages/batchSend')
      return fail(res, path, 404, 'NotFound', 'no such API');
    const judged = judgeRobotMessage(body, options.robotCode);
    if ('code' in judged) return fail(res, path, 400, judged.code, judged.message);
    const { msgKey: key, param } = judged;
    if (path === '/v1.0/robot/groupMessages/send') {
      const conv = body['openConversationId'];
      if (typeof conv !== 'string' || !conversations.has(conv))
        return fail(
          res,
          path,
          400,
          OPENAPI_ERROR.robotNotInConversation,
          'the robot is not in this conversation',
        );
      if (throttle > 0) {
        throttle--;
        return fail(res, path, 403, OPENAPI_ERROR.flowControl, 'flow control, try later');
      }
      delivered.push({ kind: 'group', to: conv, msgKey: key, param, at: Date.now() });
      return answer(res, path, 200, { processQueryKey: randomBytes(8).toString('hex') });
    }
    const ids = body['userIds'];
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((u) => typeof u === 'string'))
      return fail(res, path, 400, OPENAPI_ERROR.userIdsEmpty, 'userIds is empty');
    if (ids.length > 20) return fail(res, path, 400, OPENAPI_ERROR.userIdsOverMax, 'at most 20 userIds');
    const invalid = ids.filter((u) => !users.has(u));
    let controlled: string[] = [];
    if (throttle > 0) {
      throttle--;
      controlled = ids.filter((u) => users.has(u));
    }
    for (const u of ids)
      if (users.has(u) && !controlled.includes(u))
        delivered.push({ kind: 'user', to: u, msgKey: key, param, at: Date.now() });
    return answer(res, path, 200, {
      processQueryKey: randomBytes(8).toString('hex'),
      invalidStaffIdList: invalid,
      flowControlledStaffIdList: controlled,
    });
  }

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    addConversation: (id) => void conversations.add(id),
    addUser: (id) => void users.add(id),
    expireTokens: () => {
      for (const t of tokens.keys()) tokens.set(t, 0);
    },
    throttleNext: (n) => void (throttle = n),
    deliveries: () => [...delivered],
    async waitForDeliveries(n, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (delivered.length < n) {
        if (Date.now() > deadline)
          throw new Error(`OpenAPI double: ${delivered.length} deliveries, wanted ${n}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return [...delivered];
    },
    calls: () => [...calls],
    tokenRequests: () => tokenCount,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
