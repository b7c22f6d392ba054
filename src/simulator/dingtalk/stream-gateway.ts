// A local stand-in for DingTalk's Stream gateway (§4): connections/open with single-use expiring tickets, and a
// WebSocket server that pushes CALLBACK frames, pings, announces disconnects, re-pushes un-ACKed frames and
// records (and refuses malformed) ACKs.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket } from 'ws';
import { judgeOpenRequest, ROBOT_TOPIC } from './judge-open-request.ts';
import { parseAckFrame } from './parse-ack-frame.ts';
import type {
  RecordedAck,
  RecordedOpen,
  StreamGateway,
  StreamGatewayOptions,
} from './stream-gateway-types.ts';

export const STREAM_CONNECT_PATH = '/connect';

interface Pending {
  readonly messageId: string;
  readonly text: string;
  pushes: number;
  acked: boolean;
  timer: NodeJS.Timeout | undefined;
  pushedAt: number;
}

export async function startStreamGateway(options: StreamGatewayOptions): Promise<StreamGateway> {
  const ticketTtlMs = options.ticketTtlMs ?? 90_000;
  const redeliverAfterMs = options.redeliverAfterMs ?? 0;
  const disconnectGraceMs = options.disconnectGraceMs ?? 10_000;
  const tickets = new Map<string, { expiresAt: number; used: boolean }>();
  const opens: RecordedOpen[] = [];
  const acks: RecordedAck[] = [];
  const malformed: string[] = [];
  const pending = new Map<string, Pending>();
  const pings = new Map<string, (opaque: string) => void>();
  const sockets = new Map<WebSocket, string>();
  let refused = 0;
  const closeCodes: number[] = [];
  let nextSocket = 0;
  const ackWaiters = new Set<() => void>();

  const server = createServer((req, res) => void handleOpen(req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  const address = (): AddressInfo => server.address() as AddressInfo;

  function reply(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
    res.end(JSON.stringify(body));
  }

  async function handleOpen(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const answer = (status: number, body: unknown): void => {
      opens.push({ at: Date.now(), status });
      reply(res, status, body);
    };
    const refusal = judgeOpenRequest(req, Buffer.concat(chunks), options);
    if (refusal) return answer(refusal.status, refusal.body);
    const ticket = randomUUID();
    tickets.set(ticket, { expiresAt: Date.now() + ticketTtlMs, used: false });
    answer(200, { endpoint: `ws://127.0.0.1:${address().port}${STREAM_CONNECT_PATH}`, ticket });
  }

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const ticket = url.searchParams.get('ticket') ?? '';
    const state = tickets.get(ticket);
    if (url.pathname !== STREAM_CONNECT_PATH || !state || state.used || Date.now() > state.expiresAt) {
      refused++;
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    state.used = true;
    wss.handleUpgrade(req, socket, head, (ws) => {
      const id = `conn-${nextSocket++}`;
      sockets.set(ws, id);
      ws.on('message', (data, isBinary) => onUpstream(ws, id, isBinary ? '' : rawText(data)));
      ws.on('close', (code) => {
        sockets.delete(ws);
        closeCodes.push(code);
      });
      ws.on('error', () => ws.terminate());
    });
  });

  function onUpstream(ws: WebSocket, connectionId: string, text: string): void {
    const ack = parseAckFrame(text);
    if (!ack) {
      malformed.push(text.slice(0, 200));
      return;
    }
    const { messageId, code, data } = ack;
    const ping = pings.get(messageId);
    if (ping) {
      pings.delete(messageId);
      const opaque = (JSON.parse(data) as Record<string, unknown>)['opaque'];
      ping(typeof opaque === 'string' ? opaque : '');
      return;
    }
    const p = pending.get(messageId);
    if (!p) {
      malformed.push(text.slice(0, 200));
      return;
    }
    p.acked = true;
    clearTimeout(p.timer);
    acks.push({
      messageId,
      code,
      data,
      connectionId,
      at: Date.now(),
      latencyMs: performance.now() - p.pushedAt,
    });
    for (const w of [...ackWaiters]) w();
    void ws;
  }

  const open = (): WebSocket[] => [...sockets.keys()].filter((s) => s.readyState === WebSocket.OPEN);

  function send(p: Pending, connection?: number): void {
    const targets = open();
    if (targets.length === 0) {
      // Nobody to deliver to: DingTalk would keep it for a redelivery; so do we, when redelivery is on.
      if (redeliverAfterMs > 0) p.timer = setTimeout(() => send(p), redeliverAfterMs);
      return;
    }
    const ws = targets[connection ?? Math.floor(Math.random() * targets.length)] ?? targets[0];
    p.pushes += 1;
    p.pushedAt = performance.now();
    ws?.send(p.text);
    if (redeliverAfterMs > 0) p.timer = setTimeout(() => !p.acked && send(p), redeliverAfterMs);
  }

  function frameText(type: string, topic: string, messageId: string | undefined, data: string): string {
    return JSON.stringify({
      specVersion: '1.0',
      type,
      headers: {
        appId: 'app-double',
        connectionId: randomBytes(8).toString('hex'),
        contentType: 'application/json',
        ...(messageId !== undefined ? { messageId } : {}),
        time: String(Date.now()),
        topic,
      },
      data,
    });
  }

  let pingTimer: NodeJS.Timeout | undefined;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  if ((options.pingIntervalMs ?? 0) > 0) {
    pingTimer = setInterval(() => void gateway.ping(), options.pingIntervalMs);
    pingTimer.unref();
  }

  const gateway: StreamGateway = {
    baseUrl: `http://127.0.0.1:${address().port}`,
    host: `127.0.0.1:${address().port}`,
    connections: () => open().length,
    async waitForConnections(n, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (open().length < n) {
        if (Date.now() > deadline) throw new Error(`gateway: ${open().length} connections, wanted ${n}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    pushCallback(data, opts = {}) {
      const messageId = opts.messageId ?? `${randomBytes(4).toString('hex')}_974_${Date.now().toString(16)}`;
      const p: Pending = {
        messageId,
        text: frameText('CALLBACK', ROBOT_TOPIC, messageId, JSON.stringify(data)),
        pushes: 0,
        acked: false,
        timer: undefined,
        pushedAt: 0,
      };
      pending.set(messageId, p);
      send(p, opts.connection);
      return messageId;
    },
    pushRaw(text) {
      for (const ws of open()) ws.send(text);
    },
    async ping(timeoutMs = 2_000) {
      const answers = open().map(
        (ws) =>
          new Promise<boolean>((resolve) => {
            const messageId = `ping_${randomBytes(6).toString('hex')}`;
            const opaque = randomUUID();
            const t = setTimeout(() => {
              pings.delete(messageId);
              resolve(false);
            }, timeoutMs);
            pings.set(messageId, (echo) => {
              clearTimeout(t);
              resolve(echo === opaque);
            });
            ws.send(frameText('SYSTEM', 'ping', messageId, JSON.stringify({ opaque })));
          }),
      );
      return (await Promise.all(answers)).filter(Boolean).length;
    },
    announceDisconnect() {
      for (const ws of open()) {
        const text = JSON.stringify({
          type: 'SYSTEM',
          headers: { topic: 'disconnect', contentType: 'application/json' },
          data: JSON.stringify({ reason: 'connection is expired' }),
        });
        ws.send(text);
        setTimeout(() => ws.close(1000, 'expired'), disconnectGraceMs).unref();
      }
    },
    dropAll() {
      for (const ws of sockets.keys()) ws.terminate();
    },
    acks: () => [...acks],
    malformedAcks: () => [...malformed],
    frames: () =>
      [...pending.values()].map((p) => ({ messageId: p.messageId, pushes: p.pushes, acked: p.acked })),
    waitForAck(messageId, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const a = acks.find((x) => x.messageId === messageId);
          if (a) {
            ackWaiters.delete(waiter);
            clearTimeout(t);
            resolve(a);
          }
          return a !== undefined;
        };
        const waiter = (): void => void check();
        const t = setTimeout(() => {
          ackWaiters.delete(waiter);
          reject(new Error(`gateway: no ACK for ${messageId} within ${timeoutMs} ms`));
        }, timeoutMs);
        ackWaiters.add(waiter);
        check();
      });
    },
    opens: () => [...opens],
    refusedTickets: () => refused,
    closeCodes: () => [...closeCodes],
    async close() {
      clearInterval(pingTimer);
      for (const p of pending.values()) clearTimeout(p.timer);
      for (const ws of sockets.keys()) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return gateway;
}

function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}
