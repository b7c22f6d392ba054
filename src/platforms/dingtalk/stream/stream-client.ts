// The Stream connection (§4): open → WebSocket → ACK/ping/disconnect, silence detection, bounded reconnects, clean stop.
// One frame's handling is handle-frame.ts; one socket's life is socket-session.ts; closing on stop is close-sockets.ts.
import WebSocket from 'ws';
import { createLogThrottle } from '../../../log/throttle.ts';
import { silentLogger, type Logger } from '../../../log/logger.ts';
import type { ApiUrlPolicy } from '../check-api-url.ts';
import type { FrameKind, StreamDelivery } from './decide-frame.ts';
import { closeSockets } from './close-sockets.ts';
import { MAX_FRAME_BYTES } from './frames.ts';
import { openConnection } from './open-connection.ts';
import { runReconnectLoop } from './reconnect-loop.ts';
import type { ConnectionEnd, ReconnectReason } from './reconnect-plan.ts';
import { handleFrame, type FrameContext } from './handle-frame.ts';
import { runSocketSession, shortError } from './socket-session.ts';

export interface StreamClientOptions {
  readonly gatewayUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly policy: ApiUrlPolicy;
  /** Largest robot-message `data` accepted (the HTTP callback's body limit). */
  readonly maxDataBytes: number;
  /** Called after the frame was ACKed; must not throw (the app's handler never does). */
  readonly onMessage: (delivery: StreamDelivery) => void;
  readonly onFrame?: (kind: FrameKind) => void;
  /** Seconds from a frame's arrival to its ACK being handed to the socket. */
  readonly onAck?: (seconds: number) => void;
  readonly onReconnect?: (reason: ReconnectReason) => void;
  readonly onConnected?: (connected: boolean) => void;
  readonly logger?: Logger;
  readonly fetch?: typeof fetch;
  /** WebSocket ping interval; every frame, ping and pong counts as life. */
  readonly keepAliveMs?: number;
  /** A connection with no sign of life for this long is dead. */
  readonly silenceMs?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Least wait after DingTalk refused the credentials: a wrong secret must not hammer the gateway. */
  readonly authDelayMs?: number;
  /** A connection is "stable" (the backoff resets) after a frame or after this long open. */
  readonly stableMs?: number;
  /** After `disconnect` the old socket may still carry frames; it is closed after this long. */
  readonly drainMs?: number;
  readonly random?: () => number;
}

export interface StreamStatus {
  readonly connected: boolean;
  /** Why the last attempt failed, for /readyz; undefined while connected. */
  readonly lastError: string | undefined;
}

export interface StreamClient {
  start(): void;
  /** Stops taking frames (unACKed ones are re-pushed to another connection), closes sockets cleanly. */
  stop(timeoutMs?: number): Promise<void>;
  status(): StreamStatus;
}

export function createStreamClient(opts: StreamClientOptions): StreamClient {
  const log = opts.logger ?? silentLogger;
  const { keepAliveMs, silenceMs, stableMs, drainMs, authDelayMs, backoff } = resolveTimings(opts);
  const sockets = new Set<WebSocket>();
  const stopper = new AbortController();
  let stopping = false;
  let lastError: string | undefined;
  let loop: Promise<void> | undefined;

  const openSockets = (): number => [...sockets].filter((s) => s.readyState === WebSocket.OPEN).length;
  const reportConnected = (): void => opts.onConnected?.(openSockets() > 0);
  const frameContext: FrameContext = { opts, log, refusals: createLogThrottle(10_000), drainMs };

  async function connectOnce(): Promise<ConnectionEnd> {
    const ticket = await openConnection({
      gatewayUrl: opts.gatewayUrl,
      clientId: opts.clientId,
      clientSecret: opts.clientSecret,
      policy: opts.policy,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      signal: stopper.signal,
    });
    if (stopping) return { reason: 'closed', detail: 'stopping', stable: true };
    const ws = new WebSocket(ticket.url, {
      maxPayload: MAX_FRAME_BYTES,
      handshakeTimeout: 10_000,
      perMessageDeflate: false,
    });
    sockets.add(ws);
    return await runSocketSession(ws, {
      log,
      host: ticket.host,
      keepAliveMs,
      silenceMs,
      stableMs,
      isStopping: () => stopping,
      onOpen: () => {
        lastError = undefined;
        reportConnected();
      },
      onClosed: () => {
        sockets.delete(ws);
        reportConnected();
      },
      onText: (text, end, stable) => handleFrame(ws, text, end, stable, frameContext),
      onBinary: () => opts.onFrame?.('malformed'),
    });
  }

  return {
    start() {
      loop ??= runReconnectLoop({
        connectOnce,
        isStopping: () => stopping,
        signal: stopper.signal,
        backoff,
        authDelayMs,
        log,
        onEnd: (result) => {
          opts.onReconnect?.(result.reason);
          if (result.reason !== 'disconnect') lastError = result.detail;
        },
      }).catch((err: unknown) => log.error('stream loop crashed', { error: shortError(err) }));
    },
    async stop(timeoutMs = 5_000) {
      stopping = true;
      stopper.abort();
      await closeSockets(sockets, timeoutMs);
      await loop;
      opts.onConnected?.(false);
      log.info('stream closed');
    },
    status() {
      return { connected: openSockets() > 0, lastError };
    },
  };
}

/** The client's timings, DingTalk's defaults where the options say nothing. */
function resolveTimings(opts: StreamClientOptions) {
  return {
    keepAliveMs: opts.keepAliveMs ?? 20_000,
    silenceMs: opts.silenceMs ?? 60_000,
    stableMs: opts.stableMs ?? 30_000,
    drainMs: opts.drainMs ?? 10_000,
    authDelayMs: opts.authDelayMs ?? 30_000,
    backoff: {
      baseMs: opts.baseDelayMs ?? 1_000,
      maxMs: opts.maxDelayMs ?? 60_000,
      ...(opts.random !== undefined ? { random: opts.random } : {}),
    },
  };
}
