// A tiny HTTPS GET that trusts the local CA; used to probe readiness before any client library is involved.
import { request } from 'node:https';
import { readFileSync } from 'node:fs';

export interface TlsFiles {
  readonly ca: string;
  readonly cert?: string;
  readonly key?: string;
}

export async function httpsGet(
  url: string,
  tls: TlsFiles,
  timeoutMs = 3000,
): Promise<{ status: number; body: string }> {
  return await new Promise((resolveGet, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        ca: readFileSync(tls.ca),
        ...(tls.cert ? { cert: readFileSync(tls.cert) } : {}),
        ...(tls.key ? { key: readFileSync(tls.key) } : {}),
        timeout: timeoutMs,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolveGet({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}
