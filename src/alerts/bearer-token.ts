// The receiver's authentication: `Authorization: Bearer <token>` against the configured tokens, in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/**
 * Compares digests, so neither the length nor the content of a token leaks through timing; every configured token
 * is compared (rotation: old and new both accepted), and an empty token never matches.
 */
export function checkBearerToken(header: string | undefined, tokens: readonly string[]): boolean {
  const m = /^Bearer +(\S+) *$/i.exec(header ?? '');
  const given = digest(m?.[1] ?? '');
  let ok = false;
  for (const token of tokens) {
    const equal = timingSafeEqual(given, digest(token));
    if (equal && token !== '' && m !== null) ok = true;
  }
  return ok;
}
