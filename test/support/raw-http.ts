// A raw HTTP/1.1 client on one socket, so a test controls exactly which bytes are sent and when, sees each response
// whole (by its Content-Length) and knows whether and when the server closed the connection.
import { connect, type Socket } from 'node:net';

export interface RawConnection {
  readonly socket: Socket;
  /** Writes a request head (and a body, when given) on this connection. */
  request(path: string, head: Record<string, string>, body?: string): void;
  /** Writes more bytes (the rest of a body). */
  write(bytes: string): void;
  /** The next whole response (head and Content-Length body); rejects if the socket closes first. */
  nextResponse(timeoutMs?: number): Promise<string>;
  /** Resolves once the server has closed the connection (or reset it), with everything it sent. */
  readonly closed: Promise<string>;
  /** Everything received so far. */
  received(): string;
}

export function openRawConnection(port: number, host = '127.0.0.1'): RawConnection {
  const socket = connect(port, host);
  let text = '';
  let consumed = 0;
  let isClosed = false;
  const waiters = new Set<() => void>();
  const closed = new Promise<string>((resolve, reject) => {
    socket.on('close', () => {
      isClosed = true;
      for (const w of waiters) w();
      resolve(text);
    });
    socket.on('error', (err: NodeJS.ErrnoException) =>
      err.code === 'ECONNRESET' || err.code === 'EPIPE' ? undefined : reject(err),
    );
  });
  socket.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const w of waiters) w();
  });
  /** The first whole response after `consumed`, or undefined while it is still arriving. */
  const takeResponse = (): string | undefined => {
    const rest = text.slice(consumed);
    const end = rest.indexOf('\r\n\r\n');
    if (end === -1) return undefined;
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(rest.slice(0, end))?.[1] ?? '0');
    if (Buffer.byteLength(rest.slice(end + 4)) < length) return undefined;
    const whole = rest.slice(0, end + 4 + length);
    consumed += whole.length;
    return whole;
  };
  return {
    socket,
    request(path, head, body) {
      const lines = [`POST ${path} HTTP/1.1`, `Host: ${host}:${port}`];
      for (const [k, v] of Object.entries(head)) lines.push(`${k}: ${v}`);
      socket.write(`${lines.join('\r\n')}\r\n\r\n${body ?? ''}`);
    },
    write: (bytes) => void socket.write(bytes),
    nextResponse(timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => done(new Error('no whole response in time')), timeoutMs);
        const done = (err?: Error, response?: string): void => {
          clearTimeout(timer);
          waiters.delete(check);
          if (response !== undefined) resolve(response);
          else reject(err ?? new Error('connection closed before a whole response'));
        };
        const check = (): void => {
          const response = takeResponse();
          if (response !== undefined) done(undefined, response);
          else if (isClosed) done();
        };
        waiters.add(check);
        check();
      });
    },
    closed,
    received: () => text,
  };
}
