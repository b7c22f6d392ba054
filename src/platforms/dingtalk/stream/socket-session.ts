// One WebSocket's life, from open to its end: keep-alive pings, silence detection, and frames handed on as text.
import WebSocket from 'ws';
import type { Logger } from '../../../log/logger.ts';
import type { ConnectionEnd } from './reconnect-plan.ts';

export interface SocketSessionOptions {
  readonly log: Logger;
  readonly host: string;
  readonly keepAliveMs: number;
  readonly silenceMs: number;
  readonly stableMs: number;
  readonly isStopping: () => boolean;
  readonly onOpen: () => void;
  readonly onClosed: () => void;
  /** A text frame; call `stable()` once the connection proved itself, `end()` to close this session. */
  readonly onText: (text: string, end: (e: ConnectionEnd) => void, stable: () => void) => void;
  readonly onBinary: () => void;
}

/** One line: a socket error's stack says nothing the message does not, and the log stays readable. */
export function shortError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function runSocketSession(ws: WebSocket, o: SocketSessionOptions): Promise<ConnectionEnd> {
  return new Promise<ConnectionEnd>((resolve) => {
    let openedAt: number | undefined;
    let gotFrame = false;
    let lastSeen = Date.now();
    let ended = false;
    const isStable = (): boolean =>
      gotFrame || (openedAt !== undefined && Date.now() - openedAt >= o.stableMs);
    const end = (e: ConnectionEnd): void => {
      if (ended) return;
      ended = true;
      resolve({ ...e, stable: e.stable || isStable() });
    };
    const timer = setInterval(() => {
      if (Date.now() - lastSeen > o.silenceMs) {
        o.log.warn('stream connection silent; reconnecting', { silentForMs: Date.now() - lastSeen });
        ws.terminate();
        end({ reason: 'silent', detail: 'no frame, ping or pong', stable: false });
      } else if (ws.readyState === WebSocket.OPEN) ws.ping();
    }, o.keepAliveMs);
    timer.unref();
    ws.on('open', () => {
      openedAt = Date.now();
      lastSeen = openedAt;
      if (o.isStopping()) {
        ws.close(1000, 'shutting down');
        return;
      }
      o.log.info('stream connected', { host: o.host });
      o.onOpen();
    });
    ws.on('message', (data, isBinary) => {
      lastSeen = Date.now();
      // Not ACKed while stopping: DingTalk re-pushes it to a connection that will still be here.
      if (o.isStopping()) return;
      if (isBinary) return o.onBinary();
      const text = Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : Buffer.from(data as ArrayBuffer).toString('utf8');
      o.onText(text, end, () => (gotFrame = true));
    });
    ws.on('ping', () => (lastSeen = Date.now()));
    ws.on('pong', () => (lastSeen = Date.now()));
    ws.on('error', (err) => {
      o.log.debug('stream socket error', { error: shortError(err) });
      end({ reason: 'error', detail: shortError(err), stable: false });
      ws.terminate();
    });
    ws.on('close', (code) => {
      clearInterval(timer);
      o.onClosed();
      end({ reason: 'closed', detail: `socket closed (code ${code})`, stable: false });
    });
  });
}
