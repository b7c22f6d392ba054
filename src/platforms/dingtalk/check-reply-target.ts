// Whether a sessionWebhook URL is safe to POST to: DingTalk's host over HTTPS, and not yet expired.
import { isPrivateAddress } from './private-address.ts';

export const DEFAULT_REPLY_HOSTS: readonly string[] = ['oapi.dingtalk.com'];

export interface ReplyTargetPolicy {
  /**
   * host or host:port entries, matched exactly against the parsed URL's host; a non-default port must be
   * listed explicitly (e.g. "127.0.0.1:4567"). There are no wildcards and no DNS lookups, so a loopback or
   * private address is reachable only through an entry that names that very address and port.
   */
  readonly allowedHosts?: readonly string[];
  /** Accept http: URLs. Only for tests against a local double. */
  readonly allowInsecureHttp?: boolean;
  /** Epoch-milliseconds clock; Date.now by default. */
  readonly now?: () => number;
}

export type ReplyTargetFailure =
  | 'invalid-url'
  | 'insecure-scheme'
  | 'userinfo'
  /** An IP literal in loopback, private, link-local or reserved space that no entry allows: an SSRF attempt. */
  | 'private-address'
  | 'host-not-allowed'
  | 'expired';

export type ReplyTargetCheck =
  { readonly ok: true; readonly url: URL } | { readonly ok: false; readonly reason: ReplyTargetFailure };

/**
 * The webhook URL arrives in a callback body, so it is checked before kubetalk sends anything to it: a
 * wrong host would leak a reply (cluster details) or turn the controller into a request forwarder.
 * Parsing uses the same WHATWG URL parser as fetch, so the host checked is the host contacted; callers
 * should send to the returned `url`.
 */
export function checkReplyTarget(
  url: string,
  expiresAt: number,
  policy: ReplyTargetPolicy = {},
): ReplyTargetCheck {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'invalid-url' };
  }
  const schemeOk =
    parsed.protocol === 'https:' || (parsed.protocol === 'http:' && policy.allowInsecureHttp === true);
  if (!schemeOk) return { ok: false, reason: 'insecure-scheme' };
  if (parsed.username !== '' || parsed.password !== '') return { ok: false, reason: 'userinfo' };
  // URL.host is lower-case and omits the scheme's default port, so "host" only matches the default port.
  const allowed = (policy.allowedHosts ?? DEFAULT_REPLY_HOSTS).map((h) => h.toLowerCase());
  if (!allowed.includes(parsed.host)) {
    // Same refusal either way; the reason tells operators an internal address was aimed at.
    return { ok: false, reason: isPrivateAddress(parsed.hostname) ? 'private-address' : 'host-not-allowed' };
  }
  const now = (policy.now ?? Date.now)();
  if (!Number.isFinite(expiresAt) || now >= expiresAt) return { ok: false, reason: 'expired' };
  return { ok: true, url: parsed };
}
