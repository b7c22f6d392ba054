// A loopback TCP proxy for fault tests: delays the server's bytes (a slow API server), drops every connection, or
// hangs them (open, silent, no error) until released.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** Delay applied to every chunk the upstream sends back. */
  setDelay(ms: number): void;
  /** Destroys open connections (clients see a reset and reconnect). */
  dropConnections(): void;
  /** While hung, no byte moves either way, on open or new connections; releasing lets the held bytes through. */
  setHung(hung: boolean): void;
  close(): Promise<void>;
}

export async function startTcpProxy(upstreamPort: number): Promise<TcpProxy> {
  let delay = 0;
  let hung = false;
  const sockets = new Set<Socket>();
  const track = (s: Socket): void => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    if (hung) s.pause();
  };
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: upstreamPort });
    track(client);
    track(upstream);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d) => {
      if (delay === 0) client.write(d);
      else setTimeout(() => client.writable && client.write(d), delay);
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => setTimeout(() => client.end(), delay));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    setDelay: (ms) => (delay = ms),
    setHung: (on) => {
      hung = on;
      for (const s of sockets) {
        if (on) s.pause();
        else s.resume();
      }
    },
    dropConnections: () => {
      for (const s of sockets) s.destroy();
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
