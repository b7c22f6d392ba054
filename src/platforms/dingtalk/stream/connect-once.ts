// One Stream connection from start to end: ask the gateway for a ticket (connections/open), open the WebSocket, and
// run its session until it ends; the end says why, so the reconnect loop can plan the next attempt.
import WebSocket from 'ws';
import type { Logger } from '../../../log/logger.ts';
import { MAX_FRAME_BYTES } from './frames.ts';
import { handleFrame, type FrameContext } from './handle-frame.ts';
import { openConnection } from './open-connection.ts';
import type { ConnectionEnd } from './reconnect-plan.ts';
import { runSocketSession } from './socket-session.ts';
import type { StreamClientOptions } from './stream-client.ts';

/** The longest a connection attempt may take by its own deadlines: the gateway call, then the handshake. */
export const OPEN_TIMEOUT_MS = 10_000;
export const HANDSHAKE_TIMEOUT_MS = 10_000;

export interface ConnectOnceContext {
  readonly opts: StreamClientOptions;
  readonly log: Logger;
  readonly timings: { readonly keepAliveMs: number; readonly silenceMs: number; readonly stableMs: number };
  /** Every socket not yet closed; the client closes them on stop. */
  readonly sockets: Set<WebSocket>;
  readonly signal: AbortSignal;
  readonly isStopping: () => boolean;
  readonly frameContext: FrameContext;
  /** The socket is open. */
  readonly onOpen: () => void;
  /** A socket opened or closed. */
  readonly reportConnected: () => void;
}

export async function connectOnce(c: ConnectOnceContext): Promise<ConnectionEnd> {
  const { opts } = c;
  const ticket = await openConnection({
    gatewayUrl: opts.gatewayUrl,
    clientId: opts.clientId,
    clientSecret: opts.clientSecret,
    policy: opts.policy,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    signal: c.signal,
    timeoutMs: OPEN_TIMEOUT_MS,
  });
  if (c.isStopping()) return { reason: 'closed', detail: 'stopping', stable: true };
  const ws = new WebSocket(ticket.url, {
    maxPayload: MAX_FRAME_BYTES,
    handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
    perMessageDeflate: false,
  });
  c.sockets.add(ws);
  return await runSocketSession(ws, {
    log: c.log,
    host: ticket.host,
    ...c.timings,
    isStopping: c.isStopping,
    onOpen: c.onOpen,
    onClosed: () => {
      c.sockets.delete(ws);
      c.reportConnected();
    },
    onText: (text, end, stable) => handleFrame(ws, text, end, stable, c.frameContext),
    onBinary: () => opts.onFrame?.('malformed'),
  });
}
