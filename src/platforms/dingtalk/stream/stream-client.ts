// The Stream connection (§4): open → WebSocket → ACK/ping/disconnect, silence detection, bounded reconnects, clean stop.
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { createStallWatch } from '../../../lib/stall-watch.ts';
import { createLogThrottle } from '../../../log/throttle.ts';
import { silentLogger, type Logger } from '../../../log/logger.ts';
import type { ApiUrlPolicy } from '../check-api-url.ts';
import { decideFrame, type FrameKind, type StreamDelivery } from './decide-frame.ts';
import { MAX_FRAME_BYTES } from './frames.ts';
import { openConnection, OpenConnectionError } from './open-connection.ts';
import {
  logConnectionEnd,
  planReconnect,
  type ConnectionEnd,
  type ReconnectReason,
} from './reconnect-plan.ts';
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
  /**
   * Why the connection loop counts as dead, for /healthz: it crashed, or one step (an attempt, a backoff wait)
   * overran its own deadline by more than `graceMs`. Undefined while it lives; a restart is the only cure then.
   */
  whyNotLive(graceMs: number): string | undefined;
}

/** The longest a connection attempt may take by its own deadlines: the gateway call, then the handshake. */
const OPEN_TIMEOUT_MS = 10_000;
const HANDSHAKE_TIMEOUT_MS = 10_000;

export function createStreamClient(opts: StreamClientOptions): StreamClient {
  const log = opts.logger ?? silentLogger;
  const keepAliveMs = opts.keepAliveMs ?? 20_000;
  const silenceMs = opts.silenceMs ?? 60_000;
  const stableMs = opts.stableMs ?? 30_000;
  const drainMs = opts.drainMs ?? 10_000;
  const authDelayMs = opts.authDelayMs ?? 30_000;
  const backoff = {
    baseMs: opts.baseDelayMs ?? 1_000,
    maxMs: opts.maxDelayMs ?? 60_000,
    ...(opts.random !== undefined ? { random: opts.random } : {}),
  };
  const sockets = new Set<WebSocket>();
  const stopper = new AbortController();
  const refusals = createLogThrottle(10_000);
  let stopping = false;
  let lastError: string | undefined;
  let loop: Promise<void> | undefined;
  let crashed: string | undefined;
  const progress = createStallWatch();

  const openSockets = (): number => [...sockets].filter((s) => s.readyState === WebSocket.OPEN).length;
  const reportConnected = (): void => opts.onConnected?.(openSockets() > 0);

  function onFrame(ws: WebSocket, text: string, end: (e: ConnectionEnd) => void, stable: () => void): void {
    const received = performance.now();
    const d = decideFrame(text, opts.maxDataBytes);
    opts.onFrame?.(d.kind);
    if (d.ack !== undefined) {
      ws.send(
        d.ack,
        (err) => err && log.warn('stream ACK not sent', { messageId: d.messageId, error: shortError(err) }),
      );
      if (d.kind === 'message') opts.onAck?.((performance.now() - received) / 1000);
    }
    if (d.kind === 'message' || d.kind === 'ping') stable();
    if (d.reason !== undefined && d.kind !== 'system') {
      const admitted = refusals.admit(`${d.kind} ${d.reason}`);
      if (admitted)
        log.warn('stream frame refused', {
          kind: d.kind,
          reason: d.reason,
          messageId: d.messageId,
          suppressedSinceLast: admitted.suppressed,
        });
    }
    if (d.deliver) opts.onMessage(d.deliver);
    if (d.disconnect) {
      log.info('stream: DingTalk announced a disconnect; opening a new connection');
      end({ reason: 'disconnect', detail: 'server disconnect', stable: true });
      // Make-before-break: this socket keeps being read until DingTalk closes it, or we do after drainMs.
      setTimeout(() => ws.readyState === WebSocket.OPEN && ws.close(1000, 'reconnected'), drainMs).unref();
    }
  }

  async function connectOnce(): Promise<ConnectionEnd> {
    const ticket = await openConnection({
      gatewayUrl: opts.gatewayUrl,
      clientId: opts.clientId,
      clientSecret: opts.clientSecret,
      policy: opts.policy,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      signal: stopper.signal,
      timeoutMs: OPEN_TIMEOUT_MS,
    });
    if (stopping) return { reason: 'closed', detail: 'stopping', stable: true };
    const ws = new WebSocket(ticket.url, {
      maxPayload: MAX_FRAME_BYTES,
      handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
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
        // An open socket ends on its own (silence detection), so no step is due while it is up.
        progress.rest();
        lastError = undefined;
        reportConnected();
      },
      onClosed: () => {
        sockets.delete(ws);
        reportConnected();
      },
      onText: (text, end, stable) => onFrame(ws, text, end, stable),
      onBinary: () => opts.onFrame?.('malformed'),
    });
  }

  async function run(): Promise<void> {
    let attempt = 0;
    while (!stopping) {
      let result: ConnectionEnd;
      progress.expect('a Stream connection attempt', OPEN_TIMEOUT_MS + HANDSHAKE_TIMEOUT_MS);
      try {
        result = await connectOnce();
      } catch (err) {
        const kind = err instanceof OpenConnectionError ? err.kind : 'transient';
        const reason: ReconnectReason = kind === 'auth' ? 'auth' : kind === 'refused' ? 'refused' : 'error';
        result = { reason, detail: shortError(err), stable: false };
      }
      if (stopping) break;
      opts.onReconnect?.(result.reason);
      const plan = planReconnect(result, attempt, backoff, authDelayMs);
      attempt = plan.attempt;
      const delay = plan.delayMs;
      if (result.reason !== 'disconnect') lastError = result.detail;
      logConnectionEnd(log, result, delay);
      progress.expect('the wait before reconnecting to the Stream gateway', delay);
      if (delay > 0) await sleep(delay, undefined, { signal: stopper.signal }).catch(() => undefined);
    }
  }

  return {
    start() {
      loop ??= run()
        .catch((err: unknown) => {
          crashed = shortError(err);
          log.error('stream loop crashed', { error: crashed });
        })
        .finally(() => progress.rest());
    },
    async stop(timeoutMs = 5_000) {
      stopping = true;
      stopper.abort();
      const closing = [...sockets].map(
        (ws) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === WebSocket.CLOSED) return resolve();
            ws.once('close', () => resolve());
            if (ws.readyState === WebSocket.OPEN) ws.close(1000, 'shutting down');
          }),
      );
      const timer = sleep(timeoutMs, 'timeout' as const, { ref: false });
      if ((await Promise.race([Promise.all(closing).then(() => 'closed' as const), timer])) === 'timeout')
        for (const ws of sockets) ws.terminate();
      // A loop stuck in a call that ignores its signal (the stall /healthz reports) must not hold up shutdown.
      await Promise.race([loop, sleep(timeoutMs, undefined, { ref: false })]);
      opts.onConnected?.(false);
      log.info('stream closed');
    },
    status() {
      return { connected: openSockets() > 0, lastError };
    },
    whyNotLive(graceMs) {
      if (crashed !== undefined) return `DingTalk Stream loop crashed: ${crashed}`;
      const stall = progress.stalled(graceMs);
      return stall === undefined ? undefined : `DingTalk Stream loop stalled: ${stall}`;
    },
  };
}
