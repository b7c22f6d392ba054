// `webhook`: reads the call's URL, method and headers from a Secret as the runner, fills the body, calls it guarded.
import { UserFacingError } from '../errors.ts';
import { renderTemplate } from '../webhook/render-template.ts';
import {
  sendWebhook,
  type ResolveHost,
  type WebhookPolicy,
  type WebhookRequest,
} from '../webhook/send-webhook.ts';
import type { ActionEnv } from './action-env.ts';
import type { ActionOutcome, ActionRequest } from './types.ts';
import { targetParams } from './workloads.ts';

type WebhookActionRequest = Extract<ActionRequest, { type: 'webhook' }>;

const METHODS = ['GET', 'POST', 'PUT', 'PATCH'] as const;
/** Answers are read only to find a link; a few KiB is plenty and keeps memory flat. */
const MAX_RESPONSE_BYTES = 8192;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
/** Set by kubetalk from the request itself; a Secret must not override how the body is framed. */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);

export interface WebhookDeps {
  /** The operator's guard rails; undefined means no host is allowed (nothing is ever called). */
  readonly policy?: Omit<WebhookPolicy, 'timeoutMs' | 'maxResponseBytes'>;
  readonly resolve?: ResolveHost;
}

const CONTENT_TYPES = {
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
  text: 'text/plain; charset=utf-8',
} as const;

function secretInvalid(secret: string, key: string): UserFacingError {
  return new UserFacingError('action.webhook.secret-invalid', { secret, key });
}

/** The Secret's values are decoded here and never leave this function except inside the request. */
function readRequestFromSecret(
  secret: { data?: Record<string, string> },
  name: string,
): Omit<WebhookRequest, 'body'> {
  const text = (key: string): string | undefined => {
    const v = secret.data?.[key];
    return v === undefined ? undefined : Buffer.from(v, 'base64').toString('utf8').trim();
  };
  const url = text('url');
  if (url === undefined || url === '') throw secretInvalid(name, 'url');
  const method = (text('method') ?? 'POST').toUpperCase();
  if (!(METHODS as readonly string[]).includes(method)) throw secretInvalid(name, 'method');
  const headers: Record<string, string> = {};
  const rawHeaders = text('headers');
  if (rawHeaders !== undefined && rawHeaders !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawHeaders);
    } catch {
      throw secretInvalid(name, 'headers');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw secretInvalid(name, 'headers');
    for (const [k, v] of Object.entries(parsed)) {
      if (
        !HEADER_NAME.test(k) ||
        typeof v !== 'string' ||
        /[\r\n]/.test(v) ||
        RESERVED_HEADERS.has(k.toLowerCase())
      )
        throw secretInvalid(name, 'headers');
      headers[k.toLowerCase()] = v;
    }
  }
  return { url, method: method as WebhookRequest['method'], headers };
}

export async function runWebhook(
  req: WebhookActionRequest,
  env: ActionEnv,
  deps: WebhookDeps,
): Promise<ActionOutcome> {
  const ref = env.ctx.target;
  // The target must exist (and match the selector): the call is about it, and `{{name}}` carries its name.
  await env.readTarget();
  const secret = await env.core.readNamespacedSecret({ name: req.secretName, namespace: ref.namespace });
  const base = readRequestFromSecret(secret, req.secretName);
  const values = { name: ref.name, ...req.parameters };
  const body =
    req.bodyTemplate === undefined ? undefined : renderTemplate(req.bodyTemplate, values, req.encoding);
  const headers = {
    ...(body !== undefined ? { 'content-type': CONTENT_TYPES[req.encoding] } : {}),
    ...base.headers,
  };
  const result = await sendWebhook(
    { ...base, headers, ...(body !== undefined ? { body } : {}) },
    {
      allowedHosts: [],
      ...deps.policy,
      timeoutMs: req.timeoutSeconds * 1000,
      maxResponseBytes: MAX_RESPONSE_BYTES,
    },
    deps.resolve,
  );
  const host = new URL(base.url).hostname;
  const params = { ...targetParams(ref), host, status: result.status, link: result.link ?? '' };
  if (result.redirectNotFollowed) return { ok: false, summary: { key: 'action.webhook.redirect', params } };
  const ok = result.status >= 200 && result.status < 300;
  const key = ok
    ? result.link
      ? 'action.webhook.done-link'
      : 'action.webhook.done'
    : 'action.webhook.refused';
  return { ok, summary: { key, params } };
}
