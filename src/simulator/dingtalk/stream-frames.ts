// The frames the Stream gateway double sends (DingTalk's JSON envelope) and the text of what it receives.
import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';

export function frameText(type: string, topic: string, messageId: string | undefined, data: string): string {
  return JSON.stringify({
    specVersion: '1.0',
    type,
    headers: {
      appId: 'app-double',
      connectionId: randomBytes(8).toString('hex'),
      contentType: 'application/json',
      ...(messageId !== undefined ? { messageId } : {}),
      time: String(Date.now()),
      topic,
    },
    data,
  });
}

/** SYSTEM disconnect: DingTalk's notice that it will close the socket after a grace period. */
export function disconnectFrameText(): string {
  return JSON.stringify({
    type: 'SYSTEM',
    headers: { topic: 'disconnect', contentType: 'application/json' },
    data: JSON.stringify({ reason: 'connection is expired' }),
  });
}

export function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}
