// Calls an outbound webhook under the operator's guard rails: allowed hosts only, every resolved address checked, the
// connection pinned to the checked address (no DNS rebinding), no redirects, a time limit and a bounded response.
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { UserFacingError } from '../errors.ts';
import { classifyAddress, isClusterInternalName, type AddressKind } from './classify-address.ts';
import { readWebhookResponse } from './read-webhook-response.ts';

export interface WebhookPolicy {
  /** Hosts that may be called: `jenkins.example.com`, or `*.example.com` for its subdomains. Empty: none. */
  readonly allowedHosts: readonly string[];
  /** Address kinds allowed besides public ones, e.g. `['private']` for an in-house Jenkins. Default: none. */
  readonly allowAddressKinds?: readonly AddressKind[];
  /** Plain http:// (credentials in clear text); default false. */
  readonly allowHttp?: boolean;
  /** The cluster's pod and service CIDRs: addresses in them are `cluster`. */
  readonly clusterCidrs?: readonly string[];
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
}

export interface WebhookRequest {
  readonly url: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface WebhookResult {
  readonly status: number;
  /** A link from the response (Location of a created item, or html_url/web_url/url of a JSON body). */
  readonly link?: string;
  /** True for a 3xx answer: its Location was not followed. */
  readonly redirectNotFollowed: boolean;
  /** At most maxResponseBytes of the body; never shown in chat by default (it may echo credentials). */
  readonly body: string;
  readonly truncated: boolean;
}

export type ResolveHost = (host: string) => Promise<ReadonlyArray<{ address: string; family: number }>>;

const defaultResolve: ResolveHost = (host) => dnsLookup(host, { all: true, verbatim: true });

/** `jenkins.example.com` matches itself; `*.example.com` matches any subdomain (not example.com itself). */
export function isHostAllowed(host: string, allowed: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return allowed.some((a) => {
    const rule = a.toLowerCase();
    return rule.startsWith('*.') ? h.endsWith(rule.slice(1)) && h.length > rule.length - 1 : h === rule;
  });
}

function refuseKind(host: string, kind: AddressKind, policy: WebhookPolicy): void {
  if (kind !== 'public' && !(policy.allowAddressKinds ?? []).includes(kind)) {
    throw new UserFacingError('webhook.address-refused', { host, kind });
  }
}

/** Every address the name resolves to must be allowed: one bad answer refuses the call (no "try the next one"). */
export async function checkDestination(
  url: URL,
  policy: WebhookPolicy,
  resolve: ResolveHost = defaultResolve,
): Promise<{ address: string; family: 4 | 6 }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp === true)) {
    throw new UserFacingError('webhook.scheme-refused', { host, scheme: url.protocol.replace(/:$/, '') });
  }
  if (url.username !== '' || url.password !== '')
    throw new UserFacingError('webhook.userinfo-refused', { host });
  if (!isHostAllowed(host, policy.allowedHosts))
    throw new UserFacingError('webhook.host-not-allowed', { host });
  const literal = isIP(host);
  if (literal !== 0) {
    refuseKind(host, classifyAddress(host, policy.clusterCidrs), policy);
    return { address: host, family: literal === 4 ? 4 : 6 };
  }
  if (isClusterInternalName(host) && !(policy.allowAddressKinds ?? []).includes('cluster')) {
    throw new UserFacingError('webhook.address-refused', { host, kind: 'cluster' });
  }
  let answers: ReadonlyArray<{ address: string; family: number }>;
  try {
    answers = await resolve(host);
  } catch {
    throw new UserFacingError('webhook.unresolvable', { host });
  }
  const [first] = answers;
  if (!first) throw new UserFacingError('webhook.unresolvable', { host });
  for (const a of answers) refuseKind(host, classifyAddress(a.address, policy.clusterCidrs), policy);
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** A lookup that always answers the checked address, so the socket cannot reach a different one. */
function pinnedLookup(pinned: { address: string; family: 4 | 6 }): LookupFunction {
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options.all === true) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  }) as LookupFunction;
}

export async function sendWebhook(
  request: WebhookRequest,
  policy: WebhookPolicy,
  resolve: ResolveHost = defaultResolve,
): Promise<WebhookResult> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    throw new UserFacingError('webhook.invalid-url', {});
  }
  const pinned = await checkDestination(url, policy, resolve);
  const host = url.hostname;
  const mod = url.protocol === 'https:' ? https : http;
  const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
  return await new Promise<WebhookResult>((resolvePromise, reject) => {
    const req = mod.request(
      {
        protocol: url.protocol,
        hostname: host.replace(/^\[|\]$/g, ''),
        port: url.port === '' ? undefined : Number(url.port),
        path: `${url.pathname}${url.search}`,
        method: request.method,
        headers: {
          ...request.headers,
          ...(body ? { 'content-length': String(body.length) } : {}),
        },
        lookup: pinnedLookup(pinned),
        agent: false,
        signal: AbortSignal.timeout(policy.timeoutMs),
      },
      (res) => void readWebhookResponse(res, policy.maxResponseBytes, host).then(resolvePromise, reject),
    );
    req.on('error', (err: Error) => {
      if (err.name === 'AbortError' || err.name === 'TimeoutError') {
        reject(new UserFacingError('webhook.timeout', { host, seconds: Math.ceil(policy.timeoutMs / 1000) }));
      } else {
        // Only the host is shown; the socket error goes nowhere that could carry a header or a body.
        reject(new UserFacingError('webhook.failed', { host }));
      }
    });
    if (body) req.write(body);
    req.end();
  });
}
