// The framework-free gate in front of the DingTalk callback route: media type, size, signature, then shape.
import type { InboundMessage } from '../types.ts';
import { parseCallbackBody } from './parse-callback.ts';
import type { DingTalkCallback } from './parse-callback.ts';
import { DEFAULT_SIGNATURE_WINDOW_MS, verifySignature } from './verify-signature.ts';

/** Real callbacks are a few kilobytes; anything far larger is not DingTalk. */
export const DEFAULT_MAX_CALLBACK_BYTES = 64 * 1024;

export type HeaderValue = string | readonly string[] | undefined;

export interface CallbackRequest {
  /** Request headers; names are matched case-insensitively (Node already lower-cases them). */
  readonly headers: Readonly<Record<string, HeaderValue>>;
  /** The body exactly as received, before any parsing. */
  readonly rawBody: Buffer | string;
  /** The Content-Type header; read from `headers` when omitted. */
  readonly contentType?: string | undefined;
}

export interface AcceptCallbackOptions {
  /** The robot's app secret(s); several during a rotation. */
  readonly secrets: readonly string[];
  readonly windowMs?: number;
  readonly maxBodyBytes?: number;
  /** Epoch-milliseconds clock; Date.now by default. */
  readonly now?: () => number;
}

export type AcceptCallbackResult =
  | { readonly status: 200; readonly message: InboundMessage; readonly raw: DingTalkCallback }
  | { readonly status: 400 | 401 | 413 | 415; readonly reason: string };

/**
 * Decides what the route answers. The order matters: cheap checks first, and the signature is verified
 * before a single byte of the body is parsed, so unauthenticated input never reaches the JSON parser.
 */
export function acceptCallback(
  request: CallbackRequest,
  options: AcceptCallbackOptions,
): AcceptCallbackResult {
  const contentType = request.contentType ?? single(header(request.headers, 'content-type'));
  if (!isJsonUtf8(contentType)) return { status: 415, reason: 'content type must be application/json' };

  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_CALLBACK_BYTES;
  const size =
    typeof request.rawBody === 'string' ? Buffer.byteLength(request.rawBody, 'utf8') : request.rawBody.length;
  if (size > maxBytes) return { status: 413, reason: `body larger than ${maxBytes} bytes` };

  const timestamp = header(request.headers, 'timestamp');
  const sign = header(request.headers, 'sign');
  if (isRepeated(timestamp) || isRepeated(sign)) return { status: 401, reason: 'signature: repeated header' };
  const now = (options.now ?? Date.now)();
  const check = verifySignature(
    { timestamp: single(timestamp), sign: single(sign) },
    options.secrets,
    now,
    options.windowMs ?? DEFAULT_SIGNATURE_WINDOW_MS,
  );
  if (!check.ok) return { status: 401, reason: `signature: ${check.reason}` };

  const parsed = parseCallbackBody(request.rawBody);
  if (!parsed.ok) return { status: 400, reason: parsed.reason };
  return { status: 200, message: parsed.message, raw: parsed.raw };
}

function header(headers: Readonly<Record<string, HeaderValue>>, name: string): HeaderValue {
  const direct = headers[name];
  if (direct !== undefined) return direct;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

function isRepeated(value: HeaderValue): boolean {
  return Array.isArray(value) && value.length > 1;
}

function single(value: HeaderValue): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  return value.length === 1 ? value[0] : undefined;
}

/** application/json, optionally with a charset parameter, which must then be UTF-8 (JSON's only encoding). */
function isJsonUtf8(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const [type = '', ...params] = contentType.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((p) => !p.startsWith('charset=') || /^charset="?utf-?8"?$/.test(p));
}
