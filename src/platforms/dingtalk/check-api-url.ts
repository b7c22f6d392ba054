// Whether a DingTalk API or Stream URL may be contacted: the same exact-host allow-list rule as reply webhooks.
import { isPrivateAddress } from './private-address.ts';

export const DEFAULT_API_HOSTS: readonly string[] = [
  'api.dingtalk.com',
  'wss-open-connection.dingtalk.com',
  'wss-open-connection-union.dingtalk.com',
];

export interface ApiUrlPolicy {
  /** host or host:port, matched exactly against the parsed URL's host (no wildcards, no DNS). */
  readonly allowedHosts: readonly string[];
  /** Accept http:/ws: (tests and the local simulator only). */
  readonly allowInsecure: boolean;
}

export type ApiUrlCheck =
  { readonly ok: true; readonly url: URL } | { readonly ok: false; readonly reason: string };

/**
 * The Stream endpoint comes from DingTalk's answer, not from configuration, so it is checked like a
 * sessionWebhook: a compromised or spoofed answer must not send the ticket (or our traffic) elsewhere.
 */
export function checkApiUrl(raw: string, kind: 'https' | 'wss', policy: ApiUrlPolicy): ApiUrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'invalid URL' };
  }
  const secure = kind === 'https' ? 'https:' : 'wss:';
  const insecure = kind === 'https' ? 'http:' : 'ws:';
  if (url.protocol !== secure && !(policy.allowInsecure && url.protocol === insecure))
    return { ok: false, reason: `scheme ${url.protocol} not allowed (want ${secure})` };
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'URL carries credentials' };
  const allowed = policy.allowedHosts.map((h) => h.toLowerCase());
  if (!allowed.includes(url.host))
    return {
      ok: false,
      reason: `${isPrivateAddress(url.hostname) ? 'private address' : 'host'} ${url.host} not in the allow-list`,
    };
  return { ok: true, url };
}
