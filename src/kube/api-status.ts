// Reads Kubernetes API failures: the metav1.Status of an HTTP error, its code, and network failures underneath.
import { isRecord } from '../lib/is-record.ts';

/** The parts of a `metav1.Status` body that the messages use. */
export interface ApiStatus {
  readonly code: number;
  readonly message: string;
  readonly reason: string;
  readonly details: { readonly name?: string; readonly kind?: string; readonly group?: string };
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/**
 * Reads an HTTP failure from client-node's `ApiException` (numeric `code`, `body` = the raw Status JSON text, or
 * undefined for 401). Duck-typed so that errors from any copy of the library, and test doubles, are understood.
 */
export function readApiStatus(err: unknown): ApiStatus | undefined {
  if (!isRecord(err) || typeof err['code'] !== 'number' || !('body' in err)) return undefined;
  let body: unknown = err['body'];
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      body = { message: body };
    }
  }
  const b = isRecord(body) ? body : {};
  const d = isRecord(b['details']) ? b['details'] : {};
  const details: { name?: string; kind?: string; group?: string } = {};
  for (const k of ['name', 'kind', 'group'] as const) {
    const v = str(d[k]);
    if (v !== undefined && v !== '') details[k] = v;
  }
  return { code: err['code'], message: str(b['message']) ?? '', reason: str(b['reason']) ?? '', details };
}

export function isConflict(err: unknown): boolean {
  const s = readApiStatus(err);
  return s?.code === 409 && s.reason !== 'AlreadyExists';
}

export function isNotFound(err: unknown): boolean {
  return readApiStatus(err)?.code === 404;
}

/** The HTTP status code of a failed API call, whatever shape the error has; undefined when there is none. */
export function apiStatusCode(err: unknown): number | undefined {
  return isRecord(err) && typeof err['code'] === 'number' ? err['code'] : undefined;
}

/** fetch failures carry the socket error as `cause` (sometimes nested): refused, reset, DNS, undici timeouts. */
export function isNetworkFailure(err: unknown): boolean {
  let cur: unknown = err;
  for (let depth = 0; depth < 4 && isRecord(cur); depth++) {
    const code = str(cur['code']);
    if (code !== undefined && NETWORK_CODES.has(code)) return true;
    cur = cur['cause'];
  }
  return false;
}
