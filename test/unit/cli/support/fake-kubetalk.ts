// A stand-in for the kubetalk controller in unit tests: checks the signature, then answers via the sessionWebhook.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signCallback } from '../../../support/dingtalk/index.ts';

export interface FakeKubetalk {
  readonly url: string;
  /** Callback bodies received (signature valid), oldest first. */
  readonly received: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/** What to answer to a message: markdown replies, each posted after `delayMs` (default 0) from the previous. */
export type Answer = (
  text: string,
) => ReadonlyArray<{ readonly markdown: string; readonly delayMs?: number }>;

export async function startFakeKubetalk(secret: string, answer: Answer): Promise<FakeKubetalk> {
  const received: Array<Record<string, unknown>> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const timestamp = String(req.headers['timestamp'] ?? '');
      if (req.headers['sign'] !== signCallback(secret, timestamp)) {
        res.writeHead(401).end('unauthorized');
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      received.push(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"msgtype":"empty"}');
      const text = ((body['text'] as { content?: string } | undefined)?.content ?? '').trim();
      const staffId = typeof body['senderStaffId'] === 'string' ? body['senderStaffId'] : '';
      void (async () => {
        for (const reply of answer(text)) {
          await new Promise((r) => setTimeout(r, reply.delayMs ?? 0));
          await fetch(typeof body['sessionWebhook'] === 'string' ? body['sessionWebhook'] : '', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              msgtype: 'markdown',
              markdown: { title: 'kubetalk', text: `${reply.markdown}\n\n@${staffId}` },
              at: { atUserIds: [staffId], isAtAll: false },
            }),
          });
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/callbacks/dingtalk`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
