// A local stand-in for DingTalk custom group robots (自定义机器人, §3): `POST /robot/send?access_token=…` refusing
// what DingTalk refuses — an unknown token, a missing/stale/wrong 加签, more than 20 messages a minute (then a
// block), a body over 20,000 bytes, a bad msgtype — always as HTTP 200 with {errcode, errmsg}. The verdict on one
// send is judge-robot-send.ts.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CustomRobotServer, CustomRobotServerOptions, RobotAnswer } from './custom-robot-types.ts';
import { ROBOT_ERRCODE } from './custom-robot-types.ts';
import { createRobotSendState, judgeRobotSend } from './judge-robot-send.ts';

export { ROBOT_ERRCODE } from './custom-robot-types.ts';
export type { CustomRobotServer, CustomRobotServerOptions } from './custom-robot-types.ts';

export async function startCustomRobotServer(options: CustomRobotServerOptions): Promise<CustomRobotServer> {
  const now = options.now ?? Date.now;
  const state = createRobotSendState(options);
  const answers: RobotAnswer[] = [];
  const received = state.received;

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

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
    const { errcode, errmsg } = judgeRobotSend(state, token, url, raw, now());
    answers.push({ accessToken: token, errcode, errmsg, bytes: raw.length });
    res.writeHead(200, { 'content-type': 'application/json;charset=utf-8' });
    res.end(JSON.stringify({ errcode, errmsg }));
  }

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    urlOf: (accessToken) =>
      `http://127.0.0.1:${port}/robot/send?access_token=${encodeURIComponent(accessToken)}`,
    failNext: (n, errcode = ROBOT_ERRCODE.sendTooFast) => void (state.failures = { n, errcode }),
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
