// Redaction of log records: values under secret-bearing key names, and URLs that carry credentials. Linear time.

/**
 * Key names whose value is a credential, compared after lower-casing and dropping `-`, `_` and `.`, so
 * `access_token`, `X-Acs-Dingtalk-Access-Token` and `accessToken` all match, while `signal`, `tokenizer`,
 * `signedAt` or `webhookHost` do not: a key is secret by its exact name, never because it contains one.
 */
const SECRET_KEYS = new Set([
  'appsecret',
  'appsecrets',
  'previousappsecrets',
  'clientsecret',
  'secret',
  'secrets',
  'token',
  'accesstoken',
  'refreshtoken',
  'xacsdingtalkaccesstoken',
  'authorization',
  'proxyauthorization',
  'password',
  'passwd',
  'sign',
  'signature',
  'cookie',
  'setcookie',
  'sessionwebhook',
  'webhook',
  'webhookurl',
  'apikey',
  'privatekey',
  'aeskey',
  'ticket',
]);

/** Query parameters that are credentials in the URLs kubetalk meets (DingTalk session and robot webhooks, WeCom). */
const SECRET_PARAMS = new Set([
  'session',
  'access_token',
  'accesstoken',
  'sign',
  'signature',
  'token',
  'key',
  'secret',
  'ticket',
]);

// One pass, no backtracking: the class after the scheme cannot overlap what follows, so a global replace
// resumes after each whole URL and every character is looked at a bounded number of times.
const URL_TOKEN = /\bhttps?:\/\/[^\s"'<>`]*/gi;
// The same parameters outside a URL (a query string or form body in an error message), e.g. `sign=…&timestamp=…`.
const BARE_PARAM = /(^|[?&\s"'])(session|access_token|sign|signature)=[^\s&"'<>`]*/gi;

export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase().replace(/[-_.]/g, ''));
}

/** True when a URL carries userinfo (`user:pass@host`) or a credential query parameter. */
export function isSecretUrl(url: string): boolean {
  const afterScheme = url.indexOf('//') + 2;
  const authorityEnd = firstOf(url, afterScheme, '/?#');
  if (url.slice(afterScheme, authorityEnd).includes('@')) return true;
  const q = url.indexOf('?');
  if (q === -1) return false;
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash === -1 ? url.length : hash);
  return query.split('&').some((pair) => {
    const eq = pair.indexOf('=');
    const name = (eq === -1 ? pair : pair.slice(0, eq)).toLowerCase();
    return SECRET_PARAMS.has(name);
  });
}

/** The string with every credential-bearing URL replaced by `[redacted-url]` and bare credential params emptied. */
export function redactString(text: string): string {
  // Cheap exits keep the common log line (no URL, no `=`) free of regex work.
  const withUrls = /https?:\/\//i.test(text)
    ? text.replace(URL_TOKEN, (url) => (isSecretUrl(url) ? '[redacted-url]' : url))
    : text;
  return withUrls.includes('=') ? withUrls.replace(BARE_PARAM, '$1$2=[redacted]') : withUrls;
}

/** Replaces secret fields and credential URLs, recursively, without mutating the input. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[depth]';
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Error)
    return redact({ name: value.name, message: value.message, stack: value.stack }, depth);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] =
        isSecretKey(k) && v !== undefined && typeof v !== 'boolean' ? '[redacted]' : redact(v, depth + 1);
    }
    return out;
  }
  return value;
}

function firstOf(text: string, from: number, chars: string): number {
  for (let i = from; i < text.length; i++) if (chars.includes(text[i] ?? '')) return i;
  return text.length;
}
