// The Stream gateway double's front door: connections/open hands out single-use, expiring tickets, and the WebSocket
// handshake redeems one (a reused, expired or unknown ticket gets 401, as DingTalk answers).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { judgeOpenRequest } from './judge-open-request.ts';
import type { GatewayState } from './stream-gateway-state.ts';
import type { StreamGatewayOptions } from './stream-gateway-types.ts';

export const STREAM_CONNECT_PATH = '/connect';

export interface TicketDesk {
  /** Answers a connections/open request: a ticket and the endpoint, or DingTalk's refusal. */
  open(req: IncomingMessage, res: ServerResponse, port: number): Promise<void>;
  /** Takes the ticket of a handshake; false (and the socket answered 401) when it may not connect. */
  redeem(req: IncomingMessage, socket: Duplex): boolean;
}

export function createTicketDesk(state: GatewayState, options: StreamGatewayOptions): TicketDesk {
  const ticketTtlMs = options.ticketTtlMs ?? 90_000;
  const tickets = new Map<string, { expiresAt: number; used: boolean }>();
  return {
    async open(req, res, port) {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const answer = (status: number, body: unknown): void => {
        state.opens.push({ at: Date.now(), status });
        res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
        res.end(JSON.stringify(body));
      };
      const refusal = judgeOpenRequest(req, Buffer.concat(chunks), options);
      if (refusal) return answer(refusal.status, refusal.body);
      const ticket = randomUUID();
      tickets.set(ticket, { expiresAt: Date.now() + ticketTtlMs, used: false });
      answer(200, { endpoint: `ws://127.0.0.1:${port}${STREAM_CONNECT_PATH}`, ticket });
    },
    redeem(req, socket) {
      const url = new URL(req.url ?? '/', 'http://x');
      const ticket = tickets.get(url.searchParams.get('ticket') ?? '');
      if (url.pathname !== STREAM_CONNECT_PATH || !ticket || ticket.used || Date.now() > ticket.expiresAt) {
        state.refused++;
        socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return false;
      }
      ticket.used = true;
      return true;
    },
  };
}
