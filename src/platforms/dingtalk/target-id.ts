// A short, stable, non-reversible name for a reply webhook, for logs, metrics and rate-limit keys.
import { createHash } from 'node:crypto';

/** The session query parameter is the credential, so the URL itself must never be logged or kept. */
export function hashReplyTarget(url: string): string {
  return createHash('sha256').update(url, 'utf8').digest('hex').slice(0, 12);
}
