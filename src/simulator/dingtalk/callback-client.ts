// Delivers callbacks to kubetalk the way DingTalk does (signed headers, §1.1); forgers live in test/support.
import { createHmac } from 'node:crypto';

/** DingTalk rejects, and so must kubetalk, timestamps more than this far from now. */
export const CALLBACK_WINDOW_MS = 3_600_000;

export type CallbackHeaderName = 'timestamp' | 'sign' | 'content-type';

export interface SendCallbackOptions {
  /** The robot's app secret. */
  readonly secret: string;
  /** Milliseconds since the epoch; `now()` when omitted. */
  readonly timestamp?: number | string;
  /** Clock for the default timestamp; Date.now by default. */
  readonly now?: () => number;
  /** Use this sign instead of computing one (forging). */
  readonly sign?: string;
  /** Leave these headers out (forging). */
  readonly omitHeaders?: readonly CallbackHeaderName[];
  /** Replace DingTalk's `application/json; charset=utf-8`. */
  readonly contentType?: string;
}

export interface CallbackResponse {
  readonly status: number;
  /** Response body text. */
  readonly body: string;
  /** Response body parsed as JSON, when it is JSON. */
  readonly json: unknown;
  /** What was sent, so a test can replay it. */
  readonly request: { readonly timestamp: string; readonly sign: string; readonly bytes: Buffer };
}

/**
 * DingTalk's signature: Base64(HmacSHA256(key = secret, message = timestamp + "\n" + secret)), standard
 * Base64 with padding, not URL-encoded. Written independently of the product's code on purpose.
 */
export function signCallback(secret: string, timestamp: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(Buffer.from(`${timestamp}\n${secret}`, 'utf8'))
    .digest()
    .toString('base64');
}

/**
 * POSTs a callback. `body` may be an object (JSON-encoded as DingTalk does), or a string/Buffer sent byte
 * for byte (for malformed bodies).
 */
let lastTimestamp = 0;

/**
 * Now, in milliseconds, but never the same value twice in this process. DingTalk's sign covers only the timestamp,
 * so two callbacks signed in one millisecond carry the same (timestamp, sign) pair, and kubetalk's replay guard
 * refuses the second when its body differs. One sender firing callbacks in a loop (tests, benchmarks,
 * `kubetalk chat`) would hit that by accident. Under a flood the values run ahead of the clock by at most
 * (requests/s − 1000) ms per second, far inside the one-hour window.
 */
export function uniqueTimestamp(): number {
  lastTimestamp = Math.max(Date.now(), lastTimestamp + 1);
  return lastTimestamp;
}

export async function sendCallback(
  url: string,
  body: unknown,
  options: SendCallbackOptions,
): Promise<CallbackResponse> {
  const timestamp = String(options.timestamp ?? (options.now ? options.now() : uniqueTimestamp()));
  const sign = options.sign ?? signCallback(options.secret, timestamp);
  const bytes = toBytes(body);
  const omit = new Set(options.omitHeaders ?? []);
  const headers: Record<string, string> = {};
  if (!omit.has('content-type'))
    headers['Content-Type'] = options.contentType ?? 'application/json; charset=utf-8';
  if (!omit.has('timestamp')) headers.timestamp = timestamp;
  if (!omit.has('sign')) headers.sign = sign;
  const res = await fetch(url, { method: 'POST', headers, body: new Uint8Array(bytes) });
  const text = await res.text();
  return {
    status: res.status,
    body: text,
    json: parseJsonOrUndefined(text),
    request: { timestamp, sign, bytes },
  };
}

function toBytes(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return Buffer.from(JSON.stringify(body), 'utf8');
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
