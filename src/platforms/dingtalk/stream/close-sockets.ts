// Closing the Stream client's sockets on stop: a clean close (1000) each, so DingTalk re-pushes un-ACKed frames to
// another replica at once; sockets still open after timeoutMs are cut.
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';

export async function closeSockets(sockets: ReadonlySet<WebSocket>, timeoutMs: number): Promise<void> {
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
}
