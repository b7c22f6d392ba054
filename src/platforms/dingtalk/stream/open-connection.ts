// Step 1 of Stream mode: trade clientId/clientSecret for an endpoint and a single-use ticket (§4.1).
import { isRecord } from '../../../lib/is-record.ts';
import { checkApiUrl, type ApiUrlPolicy } from '../check-api-url.ts';
import { robotSubscriptions } from './frames.ts';

export interface OpenConnectionOptions {
  /** Base URL of the gateway API, e.g. https://api.dingtalk.com. */
  readonly gatewayUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly policy: ApiUrlPolicy;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  /** Aborts the request (shutdown). */
  readonly signal?: AbortSignal;
}

export interface StreamTicket {
  /** The WebSocket URL with the ticket appended, ready to dial; it is a credential, never log it. */
  readonly url: URL;
  readonly host: string;
}

/** `auth`: DingTalk refused the credentials (retrying fast will not help); `transient`: try again soon. */
export class OpenConnectionError extends Error {
  readonly kind: 'auth' | 'transient' | 'refused';
  constructor(kind: 'auth' | 'transient' | 'refused', message: string) {
    super(message);
    this.name = 'OpenConnectionError';
    this.kind = kind;
  }
}

const MAX_ERROR_CHARS = 200;

export async function openConnection(opts: OpenConnectionOptions): Promise<StreamTicket> {
  const base = checkApiUrl(opts.gatewayUrl, 'https', opts.policy);
  if (!base.ok) throw new OpenConnectionError('refused', `gateway URL refused: ${base.reason}`);
  const url = new URL('/v1.0/gateway/connections/open', base.url);
  let res: Response;
  try {
    res = await (opts.fetch ?? fetch)(url, {
      method: 'POST',
      // Without Accept the gateway answers XML (Node SDK comment).
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        clientId: opts.clientId,
        clientSecret: opts.clientSecret,
        subscriptions: robotSubscriptions(),
        ua: 'kubetalk',
      }),
      redirect: 'manual',
      signal: AbortSignal.any([
        AbortSignal.timeout(opts.timeoutMs ?? 10_000),
        ...(opts.signal ? [opts.signal] : []),
      ]),
    });
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    throw new OpenConnectionError(
      'transient',
      name === 'TimeoutError' ? 'gateway timed out' : 'gateway unreachable',
    );
  }
  const text = await res.text().catch(() => '');
  if (
    res.status === 401 ||
    res.status === 403 ||
    (res.status === 400 && /auth|client|secret|appkey/i.test(text))
  )
    throw new OpenConnectionError(
      'auth',
      `gateway refused the credentials (HTTP ${res.status}: ${errorCode(text)})`,
    );
  if (res.status !== 200)
    throw new OpenConnectionError('transient', `gateway answered HTTP ${res.status}: ${errorCode(text)}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new OpenConnectionError('transient', 'gateway answer is not JSON');
  }
  const endpoint = isRecord(body) ? body['endpoint'] : undefined;
  const ticket = isRecord(body) ? body['ticket'] : undefined;
  if (typeof endpoint !== 'string' || typeof ticket !== 'string' || ticket === '')
    throw new OpenConnectionError('transient', 'gateway answer lacks endpoint or ticket');
  const ws = checkApiUrl(endpoint, 'wss', opts.policy);
  if (!ws.ok) throw new OpenConnectionError('refused', `Stream endpoint refused: ${ws.reason}`);
  ws.url.searchParams.set('ticket', ticket);
  return { url: ws.url, host: ws.url.host };
}

/** The `code` of a `{code, message}` error body, or a short cut of the text; never the whole body. */
function errorCode(text: string): string {
  try {
    const v: unknown = JSON.parse(text);
    if (isRecord(v) && typeof v['code'] === 'string') return v['code'].slice(0, MAX_ERROR_CHARS);
  } catch {
    // not JSON
  }
  return text.slice(0, MAX_ERROR_CHARS).replace(/\s+/g, ' ') || '(empty)';
}
