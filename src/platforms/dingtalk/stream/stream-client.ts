// The Stream connection (§4): open → WebSocket → ACK/ping/disconnect, silence detection, bounded reconnects, clean stop.
// One connection is connect-once.ts (its frames handle-frame.ts, its socket socket-session.ts); the loop around it
// reconnect-loop.ts; closing on stop close-sockets.ts.
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { createStallWatch } from '../../../lib/stall-watch.ts';
import { createLogThrottle } from '../../../log/throttle.ts';
import { silentLogger, type Logger } from '../../../log/logger.ts';
import type { ApiUrlPolicy } from '../check-api-url.ts';
import type { FrameKind, StreamDelivery } from './decide-frame.ts';
import { closeSockets } from './close-sockets.ts';
import { connectOnce, HANDSHAKE_TIMEOUT_MS, OPEN_TIMEOUT_MS } from './connect-once.ts';
import { runReconnectLoop } from './reconnect-loop.ts';
import type { ConnectionEnd, ReconnectReason } from './reconnect-plan.ts';
import type { FrameContext } from './handle-frame.ts';
import { shortError } from './socket-session.ts';

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

export function createStreamClient(opts: StreamClientOptions): StreamClient {
  const log = opts.logger ?? silentLogger;
  const { keepAliveMs, silenceMs, stableMs, drainMs, authDelayMs, backoff } = resolveTimings(opts);
  const sockets = new Set<WebSocket>();
  const stopper = new AbortController();
  let stopping = false;
  let lastError: string | undefined;
  let loop: Promise<void> | undefined;
  let crashed: string | undefined;
  const progress = createStallWatch();

  const openSockets = (): number => [...sockets].filter((s) => s.readyState === WebSocket.OPEN).length;
  const reportConnected = (): void => opts.onConnected?.(openSockets() > 0);
  const frameContext: FrameContext = { opts, log, refusals: createLogThrottle(10_000), drainMs };

  const connect = (): Promise<ConnectionEnd> =>
    connectOnce({
      opts,
      log,
      timings: { keepAliveMs, silenceMs, stableMs },
      sockets,
      signal: stopper.signal,
      isStopping: () => stopping,
      frameContext,
      onOpen: () => {
        // An open socket ends on its own (silence detection), so no step is due while it is up.
        progress.rest();
        lastError = undefined;
        reportConnected();
      },
      reportConnected,
    });

  return {
    start() {
      loop ??= runReconnectLoop({
        connectOnce: connect,
        isStopping: () => stopping,
        signal: stopper.signal,
        backoff,
        authDelayMs,
        log,
        beforeAttempt: () =>
          progress.expect('a Stream connection attempt', OPEN_TIMEOUT_MS + HANDSHAKE_TIMEOUT_MS),
        onEnd: (result) => {
          opts.onReconnect?.(result.reason);
          if (result.reason !== 'disconnect') lastError = result.detail;
        },
        beforeWait: (delayMs) =>
          progress.expect('the wait before reconnecting to the Stream gateway', delayMs),
      })
        .catch((err: unknown) => {
          crashed = shortError(err);
          log.error('stream loop crashed', { error: crashed });
        })
        .finally(() => progress.rest());
    },
    async stop(timeoutMs = 5_000) {
      stopping = true;
      stopper.abort();
      await closeSockets(sockets, timeoutMs);
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
