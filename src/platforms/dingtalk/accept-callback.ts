// The framework-free gate in front of the DingTalk callback route: media type, size, signature, then shape and identity.
import type { InboundMessage } from '../../dispatch/ports/chat.ts';
import { parseCallbackBody } from './parse-callback.ts';
import type { DingTalkCallback } from './parse-callback.ts';
import { DEFAULT_SIGNATURE_WINDOW_MS, verifySignature } from './verify-signature.ts';
import type { SignatureFailure } from './verify-signature.ts';

/** Real callbacks are a few kilobytes; anything far larger is not DingTalk. */
export const DEFAULT_MAX_CALLBACK_BYTES = 64 * 1024;

export type HeaderValue = string | readonly string[] | undefined;

/** Why a callback was answered 401. Only logs and metrics carry it: every 401 looks the same on the wire. */
export type UnauthorizedReason = SignatureFailure | 'repeated-header' | 'replayed' | 'identity';

export const UNAUTHORIZED_REASONS: readonly UnauthorizedReason[] = [
  'missing',
  'malformed-timestamp',
  'stale',
  'future',
  'bad-signature',
  'repeated-header',
  'replayed',
  'identity',
];

export interface CallbackHeaders {
  /** Request headers; names are matched case-insensitively (Node already lower-cases them). */
  readonly headers: Readonly<Record<string, HeaderValue>>;
  /** The Content-Type header; read from `headers` when omitted. */
  readonly contentType?: string | undefined;
}

export interface CallbackRequest extends CallbackHeaders {
  /** The body exactly as received, before any parsing. */
  readonly rawBody: Buffer | string;
}

/** The robot's own identity; a configured value must equal the body's field, an empty one is not checked. */
export interface RobotIdentity {
  /** Must equal `chatbotCorpId`. */
  readonly corpId?: string | undefined;
  /** Must equal `robotCode`. */
  readonly robotCode?: string | undefined;
}

export interface AcceptCallbackOptions {
  /** The robot's app secret(s); several during a rotation. */
  readonly secrets: readonly string[];
  readonly windowMs?: number;
  readonly maxBodyBytes?: number;
  readonly identity?: RobotIdentity;
  /** Epoch-milliseconds clock; Date.now by default. */
  readonly now?: () => number;
}

export type GateRejection =
  | { readonly status: 400 | 413 | 415; readonly reason: string }
  | { readonly status: 401; readonly reason: string; readonly unauthorized: UnauthorizedReason };

/** The verified signature headers: the replay guard and the claims key on them. */
export interface SignedBy {
  readonly timestamp: string;
  readonly sign: string;
}

export type HeaderCheck =
  { readonly status: 'continue'; readonly signedAtMs: number; readonly signature: SignedBy } | GateRejection;

export type AcceptCallbackResult =
  | {
      readonly status: 200;
      readonly message: InboundMessage;
      readonly raw: DingTalkCallback;
      /** The verified `timestamp` header: when DingTalk signed this delivery. */
      readonly signedAtMs: number;
      readonly signature: SignedBy;
    }
  | GateRejection;

/** A 401 whose reason stays in the log and the metrics. */
export function unauthorized(reason: UnauthorizedReason, detail?: string): GateRejection {
  const text = reason === 'identity' ? `identity: ${detail ?? 'mismatch'}` : `signature: ${reason}`;
  return { status: 401, reason: text, unauthorized: reason };
}

/**
 * What can be decided from the headers alone, before a byte of the body is read: 415 (not JSON, or encoded),
 * 413 (a declared length over the limit), 401 (signature). The route calls this first; `acceptCallback` repeats it.
 */
export function checkCallbackHeaders(
  request: CallbackHeaders,
  options: AcceptCallbackOptions,
  /** The body's real size when it is already known; otherwise a declared Content-Length is checked. */
  bodyBytes?: number,
): HeaderCheck {
  const contentType = request.contentType ?? single(header(request.headers, 'content-type'));
  if (!isJsonUtf8(contentType)) return { status: 415, reason: 'content type must be application/json' };
  // DingTalk posts plain JSON; inflating would turn a 64 KiB limit into megabytes of work for anyone.
  const encoding = single(header(request.headers, 'content-encoding'))?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== '' && encoding !== 'identity')
    return { status: 415, reason: 'content encoding not accepted: send plain JSON' };

  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_CALLBACK_BYTES;
  const declared = single(header(request.headers, 'content-length'));
  const size = bodyBytes ?? (declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : 0);
  if (size > maxBytes) return { status: 413, reason: `body larger than ${maxBytes} bytes` };

  const timestamp = header(request.headers, 'timestamp');
  const sign = header(request.headers, 'sign');
  if (isRepeated(timestamp) || isRepeated(sign)) return unauthorized('repeated-header');
  const now = (options.now ?? Date.now)();
  const ts = single(timestamp);
  const check = verifySignature(
    { timestamp: ts, sign: single(sign) },
    options.secrets,
    now,
    options.windowMs ?? DEFAULT_SIGNATURE_WINDOW_MS,
  );
  if (!check.ok) return unauthorized(check.reason);
  return {
    status: 'continue',
    signedAtMs: Number(ts),
    signature: { timestamp: ts ?? '', sign: single(sign) ?? '' },
  };
}

/**
 * Decides what the route answers. The order matters: cheap checks first, and the signature is verified
 * before a single byte of the body is parsed, so unauthenticated input never reaches the JSON parser.
 */
export function acceptCallback(
  request: CallbackRequest,
  options: AcceptCallbackOptions,
  /** What `checkCallbackHeaders` said of these very headers before the body was read, if it was asked. */
  checkedBeforeBody?: HeaderCheck,
): AcceptCallbackResult {
  const size =
    typeof request.rawBody === 'string' ? Buffer.byteLength(request.rawBody, 'utf8') : request.rawBody.length;
  // Only the size can have changed since: a passed check is reused rather than computing the HMAC twice.
  const headers =
    checkedBeforeBody?.status === 'continue' && size <= (options.maxBodyBytes ?? DEFAULT_MAX_CALLBACK_BYTES)
      ? checkedBeforeBody
      : checkCallbackHeaders(request, options, size);
  if (headers.status !== 'continue') return headers;

  const parsed = parseCallbackBody(request.rawBody);
  if (!parsed.ok) return { status: 400, reason: parsed.reason };
  const mismatch = checkIdentity(parsed.raw, options.identity);
  if (mismatch !== undefined) return mismatch;
  return {
    status: 200,
    message: parsed.message,
    raw: parsed.raw,
    signedAtMs: headers.signedAtMs,
    signature: headers.signature,
  };
}

/** A body signed with our secret but naming another corp or robot: a secret shared across apps, or a leak. */
function checkIdentity(
  raw: DingTalkCallback,
  identity: RobotIdentity | undefined,
): GateRejection | undefined {
  const corpId = identity?.corpId ?? '';
  if (corpId !== '' && raw.chatbotCorpId !== corpId)
    return unauthorized('identity', 'chatbotCorpId is not ours');
  const robotCode = identity?.robotCode ?? '';
  if (robotCode !== '' && raw.robotCode !== robotCode)
    return unauthorized('identity', 'robotCode is not ours');
  return undefined;
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
