// What DingTalk's connections/open answers to a request that is not good enough for a ticket, in its order:
// path, Accept, media type, JSON, credentials, subscriptions (the robot topic must be one of them).
import type { IncomingMessage } from 'node:http';

export const STREAM_OPEN_PATH = '/v1.0/gateway/connections/open';
export const ROBOT_TOPIC = '/v1.0/im/bot/messages/get';

export interface OpenRefusal {
  readonly status: number;
  readonly body: { readonly code: string; readonly message: string };
}

const refuse = (status: number, body: OpenRefusal['body']): OpenRefusal => ({ status, body });

function isSubscription(s: unknown): boolean {
  if (typeof s !== 'object' || s === null) return false;
  const r = s as Record<string, unknown>;
  return (
    ['SYSTEM', 'EVENT', 'CALLBACK'].includes(String(r['type'])) &&
    typeof r['topic'] === 'string' &&
    (r['type'] !== 'EVENT' || r['topic'] === '*')
  );
}

/** Undefined when the request earns a ticket. */
export function judgeOpenRequest(
  req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>,
  raw: Buffer,
  creds: { readonly clientId: string; readonly clientSecret: string },
): OpenRefusal | undefined {
  if (req.method !== 'POST' || req.url !== STREAM_OPEN_PATH)
    return refuse(404, { code: 'NotFound', message: 'no such API' });
  // The Node SDK notes the gateway answers XML without it; a client that omits it would not understand us.
  if (!(req.headers.accept ?? '').includes('application/json'))
    return refuse(406, { code: 'NotAcceptable', message: 'send Accept: application/json' });
  if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
    return refuse(415, { code: 'UnsupportedMediaType', message: 'JSON only' });
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
  } catch {
    return refuse(400, { code: 'InvalidParameter', message: 'body is not JSON' });
  }
  if (body['clientId'] !== creds.clientId || body['clientSecret'] !== creds.clientSecret)
    return refuse(401, { code: 'InvalidAuthentication', message: 'clientId or clientSecret is wrong' });
  const subs = body['subscriptions'];
  const valid = Array.isArray(subs) && subs.length > 0 && subs.every(isSubscription);
  if (!valid)
    return refuse(400, { code: 'InvalidParameter.Subscriptions', message: 'subscriptions invalid' });
  if (!subs.some((s: Record<string, unknown>) => s['type'] === 'CALLBACK' && s['topic'] === ROBOT_TOPIC))
    return refuse(400, { code: 'InvalidParameter.Subscriptions', message: 'robot topic not subscribed' });
  return undefined;
}
