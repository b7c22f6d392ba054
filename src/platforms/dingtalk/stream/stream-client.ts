// The Stream connection (§4): open → WebSocket → ACK/ping/disconnect, silence detection, bounded reconnects, clean stop.
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { createLogThrottle } from '../../../log/throttle.ts';
import { silentLogger, type Logger } from '../../../log/logger.ts';
import { computeBackoffMs } from '../backoff.ts';
import type { ApiUrlPolicy } from '../check-api-url.ts';
import { decideFrame, type FrameKind, type StreamDelivery } from './decide-frame.ts';
import { MAX_FRAME_BYTES } from './frames.ts';
import { openConnection, OpenConnectionError } from './open-connection.ts';

export type ReconnectReason = 'disconnect' | 'closed' | 'silent' | 'error' | 'auth' | 'refused';
export const RECONNECT_REASONS: readonly ReconnectReason[] = [
  'disconnect',
  'closed',
  'silent',
  'error',
  'auth',
  'refused',
];

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

interface ConnectionEnd {
  readonly reason: ReconnectReason;
  readonly detail: string;
  readonly stable: boolean;
}

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
    });
    if (stopping) return { reason: 'closed', detail: 'stopping', stable: true };
    const ws = new WebSocket(ticket.url, {
      maxPayload: MAX_FRAME_BYTES,
      handshakeTimeout: 10_000,
      perMessageDeflate: false,
    });
    sockets.add(ws);
    return await new Promise<ConnectionEnd>((resolve) => {
      let openedAt: number | undefined;
      let gotFrame = false;
      let lastSeen = Date.now();
      let ended = false;
      const isStable = (): boolean =>
        gotFrame || (openedAt !== undefined && Date.now() - openedAt >= stableMs);
      const end = (e: ConnectionEnd): void => {
        if (ended) return;
        ended = true;
        resolve({ ...e, stable: e.stable || isStable() });
      };
      const timer = setInterval(() => {
        if (Date.now() - lastSeen > silenceMs) {
          log.warn('stream connection silent; reconnecting', { silentForMs: Date.now() - lastSeen });
          ws.terminate();
          end({ reason: 'silent', detail: 'no frame, ping or pong', stable: false });
        } else if (ws.readyState === WebSocket.OPEN) ws.ping();
      }, keepAliveMs);
      timer.unref();
      ws.on('open', () => {
        openedAt = Date.now();
        lastSeen = openedAt;
        if (stopping) {
          ws.close(1000, 'shutting down');
          return;
        }
        lastError = undefined;
        log.info('stream connected', { host: ticket.host });
        reportConnected();
      });
      ws.on('message', (data, isBinary) => {
        lastSeen = Date.now();
        // Not ACKed while stopping: DingTalk re-pushes it to a connection that will still be here.
        if (stopping) return;
        if (isBinary) {
          opts.onFrame?.('malformed');
          return;
        }
        const text = Array.isArray(data)
          ? Buffer.concat(data).toString('utf8')
          : Buffer.from(data as ArrayBuffer).toString('utf8');
        onFrame(ws, text, end, () => (gotFrame = true));
      });
      ws.on('ping', () => (lastSeen = Date.now()));
      ws.on('pong', () => (lastSeen = Date.now()));
      ws.on('error', (err) => {
        log.debug('stream socket error', { error: shortError(err) });
        end({ reason: 'error', detail: shortError(err), stable: false });
        ws.terminate();
      });
      ws.on('close', (code) => {
        clearInterval(timer);
        sockets.delete(ws);
        reportConnected();
        end({ reason: 'closed', detail: `socket closed (code ${code})`, stable: false });
      });
    });
  }

  async function run(): Promise<void> {
    let attempt = 0;
    while (!stopping) {
      let result: ConnectionEnd;
      try {
        result = await connectOnce();
      } catch (err) {
        const kind = err instanceof OpenConnectionError ? err.kind : 'transient';
        const reason: ReconnectReason = kind === 'auth' ? 'auth' : kind === 'refused' ? 'refused' : 'error';
        result = { reason, detail: shortError(err), stable: false };
      }
      if (stopping) break;
      if (result.stable) attempt = 0;
      opts.onReconnect?.(result.reason);
      let delay = 0;
      if (!(result.reason === 'disconnect' && result.stable)) {
        attempt += 1;
        delay = computeBackoffMs(attempt, backoff);
        if (result.reason === 'auth' || result.reason === 'refused') delay = Math.max(delay, authDelayMs);
      }
      if (result.reason !== 'disconnect') lastError = result.detail;
      if (result.reason === 'auth')
        log.error(
          'DingTalk refused the Stream credentials; check KUBETALK_DINGTALK_CLIENT_ID and the app secret',
          {
            detail: result.detail,
            retryInSeconds: Math.round(delay / 1000),
          },
        );
      else if (result.reason === 'refused')
        log.error('Stream connection refused by kubetalk policy; check KUBETALK_DINGTALK_API_ALLOWED_HOSTS', {
          detail: result.detail,
          retryInSeconds: Math.round(delay / 1000),
        });
      else if (result.reason !== 'disconnect')
        log.warn('stream connection lost; reconnecting', {
          reason: result.reason,
          detail: result.detail,
          delayMs: delay,
        });
      if (delay > 0) await sleep(delay, undefined, { signal: stopper.signal }).catch(() => undefined);
    }
  }

  return {
    start() {
      loop ??= run().catch((err: unknown) => log.error('stream loop crashed', { error: shortError(err) }));
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
      await loop;
      opts.onConnected?.(false);
      log.info('stream closed');
    },
    status() {
      return { connected: openSockets() > 0, lastError };
    },
  };
}

/** One line: a socket error's stack says nothing the message does not, and the log stays readable. */
function shortError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
