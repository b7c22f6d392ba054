// Authenticity of DingTalk HTTP callbacks: the `timestamp` + `sign` header pair (HMAC of the timestamp only).
import { createHmac, timingSafeEqual } from 'node:crypto';

/** DingTalk rejects callbacks whose timestamp differs from now by more than one hour, in either direction. */
export const MAX_SIGNATURE_WINDOW_MS = 3_600_000;
/**
 * kubetalk's default is stricter: `sign` covers only the timestamp, so the window is how long one captured header
 * pair stays usable. Five minutes is ample for delivery with synchronised clocks (NTP/chrony).
 */
export const DEFAULT_SIGNATURE_WINDOW_MS = 300_000;

export type SignatureFailure = 'missing' | 'malformed-timestamp' | 'stale' | 'future' | 'bad-signature';

export type SignatureCheck =
  | { readonly ok: true; readonly secretIndex: number }
  | { readonly ok: false; readonly reason: SignatureFailure };

export interface SignatureHeaders {
  readonly timestamp?: string | undefined;
  readonly sign?: string | undefined;
}

// Milliseconds since the epoch as plain digits; 16 digits reach the year 2286, which is plenty and keeps
// the value a safe integer.
const DECIMAL_MS = /^[0-9]{1,16}$/;

/** Base64(HmacSHA256(key = secret, message = timestamp + "\n" + secret)), exactly as DingTalk computes it. */
export function computeSign(secret: string, timestamp: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
}

/**
 * Checks the header pair against every configured secret (several during a rotation). The signature is
 * compared in constant time against all secrets, so response timing reveals neither the expected value
 * nor which secret matched. Empty secrets never match: an unset secret must not turn into a known key.
 */
export function verifySignature(
  headers: SignatureHeaders,
  secrets: readonly string[],
  nowMs: number,
  windowMs: number = DEFAULT_SIGNATURE_WINDOW_MS,
): SignatureCheck {
  const { timestamp, sign } = headers;
  if (timestamp === undefined || timestamp === '' || sign === undefined || sign === '') {
    return { ok: false, reason: 'missing' };
  }
  if (!DECIMAL_MS.test(timestamp)) return { ok: false, reason: 'malformed-timestamp' };
  const ts = Number(timestamp);
  if (nowMs - ts > windowMs) return { ok: false, reason: 'stale' };
  if (ts - nowMs > windowMs) return { ok: false, reason: 'future' };

  const given = Buffer.from(sign, 'utf8');
  let matched = -1;
  secrets.forEach((secret, index) => {
    const expected = Buffer.from(computeSign(secret, timestamp), 'utf8');
    // timingSafeEqual needs equal lengths; compare a fixed-size copy and check the length separately.
    const candidate = Buffer.alloc(expected.length);
    given.copy(candidate, 0, 0, expected.length);
    const equal = timingSafeEqual(candidate, expected) && given.length === expected.length;
    if (equal && secret !== '' && matched === -1) matched = index;
  });
  return matched === -1 ? { ok: false, reason: 'bad-signature' } : { ok: true, secretIndex: matched };
}
