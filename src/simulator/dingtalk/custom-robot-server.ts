// A local stand-in for DingTalk custom group robots (自定义机器人, §3): `POST /robot/send?access_token=…` refusing
// what DingTalk refuses — an unknown token, a missing/stale/wrong 加签, more than 20 messages a minute (then a
// block), a body over 20,000 bytes, a bad msgtype — always as HTTP 200 with {errcode, errmsg}.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import { validateOutgoingMessage, WEBHOOK_ERRCODE, WEBHOOK_ERRMSG } from './validate-outgoing-message.ts';

export const ROBOT_ERRCODE = {
  ok: 0,
  tokenNotExist: 300001,
  security: 310000,
  sendTooFast: WEBHOOK_ERRCODE.sendTooFast,
  messageTooLong: WEBHOOK_ERRCODE.messageTooLong,
} as const;

export interface RobotSpec {
  readonly accessToken: string;
  /** 加签 secret (SEC…); undefined = the robot uses another security setting and needs no sign. */
  readonly secret?: string;
}

export interface RobotMessage {
  readonly accessToken: string;
  readonly msgtype: string;
  readonly title: string;
  readonly text: string;
  readonly atUserIds: readonly string[];
  readonly at: number;
}

export interface RobotAnswer {
  readonly accessToken: string;
  readonly errcode: number;
  readonly errmsg: string;
  readonly bytes: number;
}

export interface CustomRobotServerOptions {
  readonly robots: readonly RobotSpec[];
  /** Messages a robot may receive per rolling minute (DingTalk: 20). */
  readonly perMinute?: number;
  /** How long a robot stays blocked after exceeding it (DingTalk: 10 minutes). */
  readonly blockMs?: number;
  readonly now?: () => number;
}

export interface CustomRobotServer {
  readonly baseUrl: string;
  readonly host: string;
  /** The webhook URL of a robot, as DingTalk shows it when the robot is created. */
  urlOf(accessToken: string): string;
  /** The next `n` sends answer `errcode` (e.g. 130101) whatever they carry. */
  failNext(n: number, errcode?: number): void;
  messages(accessToken?: string): RobotMessage[];
  answers(): RobotAnswer[];
  waitForMessages(n: number, opts?: { accessToken?: string; timeoutMs?: number }): Promise<RobotMessage[]>;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 20_000;
const SIGN_WINDOW_MS = 3_600_000;

/** DingTalk's 加签, written out here: the double shares no code with the product it checks. */
function expectedSign(secret: string, timestamp: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
}

export async function startCustomRobotServer(options: CustomRobotServerOptions): Promise<CustomRobotServer> {
  const now = options.now ?? Date.now;
  const perMinute = options.perMinute ?? 20;
  const blockMs = options.blockMs ?? 600_000;
  const robots = new Map(options.robots.map((r) => [r.accessToken, r]));
  const sends = new Map<string, number[]>();
  const blockedUntil = new Map<string, number>();
  const received: RobotMessage[] = [];
  const answers: RobotAnswer[] = [];
  let failures: { n: number; errcode: number } = { n: 0, errcode: ROBOT_ERRCODE.sendTooFast };

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  function answer(res: ServerResponse, token: string, bytes: number, errcode: number, errmsg: string): void {
    answers.push({ accessToken: token, errcode, errmsg, bytes });
    res.writeHead(200, { 'content-type': 'application/json;charset=utf-8' });
    res.end(JSON.stringify({ errcode, errmsg }));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://robot');
    const token = url.searchParams.get('access_token') ?? '';
    if (req.method !== 'POST' || url.pathname !== '/robot/send') {
      res.writeHead(404).end();
      return;
    }
    const robot = robots.get(token);
    if (!robot) return answer(res, token, raw.length, ROBOT_ERRCODE.tokenNotExist, 'token is not exist');
    if (robot.secret !== undefined) {
      const ts = url.searchParams.get('timestamp') ?? '';
      const sign = url.searchParams.get('sign') ?? '';
      if (!/^\d{13}$/.test(ts) || Math.abs(now() - Number(ts)) > SIGN_WINDOW_MS)
        return answer(res, token, raw.length, ROBOT_ERRCODE.security, 'invalid timestamp');
      if (sign !== expectedSign(robot.secret, ts))
        return answer(res, token, raw.length, ROBOT_ERRCODE.security, 'sign not match');
    }
    if (raw.length > MAX_BODY_BYTES)
      return answer(res, token, raw.length, ROBOT_ERRCODE.messageTooLong, WEBHOOK_ERRMSG.messageTooLong);
    const t = now();
    if ((blockedUntil.get(token) ?? 0) > t)
      return answer(res, token, raw.length, ROBOT_ERRCODE.sendTooFast, WEBHOOK_ERRMSG.sendTooFast);
    const recent = (sends.get(token) ?? []).filter((s) => s > t - 60_000);
    if (recent.length >= perMinute) {
      blockedUntil.set(token, t + blockMs);
      return answer(res, token, raw.length, ROBOT_ERRCODE.sendTooFast, WEBHOOK_ERRMSG.sendTooFast);
    }
    if (failures.n > 0) {
      failures = { ...failures, n: failures.n - 1 };
      return answer(res, token, raw.length, failures.errcode, `injected failure ${failures.errcode}`);
    }
    const checked = validateOutgoingMessage(raw.toString('utf8'));
    if (!checked.ok) return answer(res, token, raw.length, checked.errcode, checked.errmsg);
    recent.push(t);
    sends.set(token, recent);
    const part = checked.body[checked.msgtype] as Record<string, unknown>;
    received.push({
      accessToken: token,
      msgtype: checked.msgtype,
      title: typeof part['title'] === 'string' ? part['title'] : '',
      text: checked.text,
      atUserIds: checked.atUserIds,
      at: t,
    });
    return answer(res, token, raw.length, ROBOT_ERRCODE.ok, 'ok');
  }

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    urlOf: (accessToken) =>
      `http://127.0.0.1:${port}/robot/send?access_token=${encodeURIComponent(accessToken)}`,
    failNext: (n, errcode = ROBOT_ERRCODE.sendTooFast) => void (failures = { n, errcode }),
    messages: (accessToken) =>
      received.filter((m) => accessToken === undefined || m.accessToken === accessToken),
    answers: () => [...answers],
    async waitForMessages(n, opts = {}) {
      const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
      for (;;) {
        const got = received.filter(
          (m) => opts.accessToken === undefined || m.accessToken === opts.accessToken,
        );
        if (got.length >= n) return got;
        if (Date.now() > deadline)
          throw new Error(`custom robot double: ${got.length} messages, wanted ${n}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
