// A local stand-in for DingTalk's Stream gateway (§4): connections/open with single-use expiring tickets, and a
// WebSocket server that pushes CALLBACK frames, pings, announces disconnects, re-pushes un-ACKed frames and
// records (and refuses malformed) ACKs. The steps live beside it: stream-ticket-desk, stream-push,
// stream-upstream, stream-gateway-probes.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { disconnectFrameText, rawText } from './stream-frames.ts';
import { pingAll, waitForAck, waitForConnections } from './stream-gateway-probes.ts';
import { createGatewayState, openSockets } from './stream-gateway-state.ts';
import type { StreamGateway, StreamGatewayOptions } from './stream-gateway-types.ts';
import { pushCallbackFrame } from './stream-push.ts';
import { createTicketDesk } from './stream-ticket-desk.ts';
import { receiveUpstream } from './stream-upstream.ts';

export { STREAM_CONNECT_PATH } from './stream-ticket-desk.ts';

export async function startStreamGateway(options: StreamGatewayOptions): Promise<StreamGateway> {
  const redeliverAfterMs = options.redeliverAfterMs ?? 0;
  const disconnectGraceMs = options.disconnectGraceMs ?? 10_000;
  const state = createGatewayState();
  const desk = createTicketDesk(state, options);
  let nextSocket = 0;

  const server = createServer((req, res) => void desk.open(req, res, address().port));
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  const address = (): AddressInfo => server.address() as AddressInfo;

  server.on('upgrade', (req, socket, head) => {
    if (!desk.redeem(req, socket)) return;
    wss.handleUpgrade(req, socket, head, (ws) => {
      const id = `conn-${nextSocket++}`;
      state.sockets.set(ws, id);
      ws.on('message', (data, isBinary) => receiveUpstream(state, id, isBinary ? '' : rawText(data)));
      ws.on('close', (code) => {
        state.sockets.delete(ws);
        state.closeCodes.push(code);
      });
      ws.on('error', () => ws.terminate());
    });
  });

  let pingTimer: NodeJS.Timeout | undefined;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  if ((options.pingIntervalMs ?? 0) > 0) {
    pingTimer = setInterval(() => void gateway.ping(), options.pingIntervalMs);
    pingTimer.unref();
  }

  const gateway: StreamGateway = {
    baseUrl: `http://127.0.0.1:${address().port}`,
    host: `127.0.0.1:${address().port}`,
    connections: () => openSockets(state).length,
    waitForConnections: (n, timeoutMs = 10_000) => waitForConnections(state, n, timeoutMs),
    pushCallback: (data, opts = {}) => pushCallbackFrame(state, redeliverAfterMs, data, opts),
    pushRaw(text) {
      for (const ws of openSockets(state)) ws.send(text);
    },
    ping: (timeoutMs = 2_000) => pingAll(state, timeoutMs),
    announceDisconnect() {
      for (const ws of openSockets(state)) {
        ws.send(disconnectFrameText());
        setTimeout(() => ws.close(1000, 'expired'), disconnectGraceMs).unref();
      }
    },
    dropAll() {
      for (const ws of state.sockets.keys()) ws.terminate();
    },
    acks: () => [...state.acks],
    malformedAcks: () => [...state.malformed],
    frames: () =>
      [...state.pending.values()].map((p) => ({ messageId: p.messageId, pushes: p.pushes, acked: p.acked })),
    waitForAck: (messageId, timeoutMs = 10_000) => waitForAck(state, messageId, timeoutMs),
    opens: () => [...state.opens],
    refusedTickets: () => state.refused,
    closeCodes: () => [...state.closeCodes],
    async close() {
      clearInterval(pingTimer);
      for (const p of state.pending.values()) clearTimeout(p.timer);
      for (const ws of state.sockets.keys()) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return gateway;
}
