// A webhook's answer, read within a bound: what fits is kept (the rest is never read, so a huge or endless answer
// costs no more memory than the bound), and a link to what it started (Location, or html_url/web_url/url in JSON).
import type { IncomingMessage } from 'node:http';
import { UserFacingError } from '../errors.ts';
import type { WebhookResult } from './send-webhook.ts';

const LINK_MAX = 300;

export function readWebhookResponse(
  res: IncomingMessage,
  maxResponseBytes: number,
  host: string,
): Promise<WebhookResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      const status = res.statusCode ?? 0;
      const text = Buffer.concat(chunks).toString('utf8');
      const json = (res.headers['content-type'] ?? '').includes('json');
      const link = findLink(status, res.headers.location, text, json && !truncated);
      resolve({
        status,
        redirectNotFollowed: status >= 300 && status < 400,
        body: text,
        truncated,
        ...(link !== undefined ? { link } : {}),
      });
    };
    res.on('data', (chunk: Buffer) => {
      if (truncated) return;
      const room = maxResponseBytes - size;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        size += room;
        truncated = true;
        // Nothing more is read: a huge or endless answer costs no more memory than the bound.
        res.destroy();
        finish();
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    res.on('end', finish);
    res.on('error', () => (truncated ? finish() : reject(new UserFacingError('webhook.failed', { host }))));
  });
}

function findLink(
  status: number,
  location: string | undefined,
  body: string,
  json: boolean,
): string | undefined {
  const safe = (v: unknown): string | undefined => {
    if (typeof v !== 'string') return undefined;
    try {
      const u = new URL(v);
      if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.username !== '' || u.password !== '')
        return undefined;
      return u.toString().slice(0, LINK_MAX);
    } catch {
      return undefined;
    }
  };
  if (status >= 200 && status < 300 && location !== undefined) {
    const l = safe(location);
    if (l !== undefined) return l;
  }
  if (!json) return undefined;
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    return safe(parsed['html_url']) ?? safe(parsed['web_url']) ?? safe(parsed['url']);
  } catch {
    return undefined;
  }
}
