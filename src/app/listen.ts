// Starts an HTTP server and resolves with the port it actually bound (port 0 picks a free one).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export async function listen(
  app: Express,
  port: number,
  host: string,
): Promise<{ server: Server; port: number }> {
  return await new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => {
      if (err) reject(err);
      else resolve({ server, port: (server.address() as AddressInfo).port });
    });
    // Slow-loris defence: a callback is small, so its headers and body must arrive promptly.
    server.headersTimeout = 10_000;
    server.requestTimeout = 15_000;
  });
}

export async function closeServer(server: Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
