// The webhook action end to end but for the cluster: chat words → checked parameters → Secret → request to a local
// stand-in for Jenkins on 127.0.0.1, under the operator's guard rails; Secret values never reach the reply.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionEnv } from '../../../src/actions/action-env.ts';
import { runWebhook, type WebhookDeps } from '../../../src/actions/webhook.ts';
import { actionMessages } from '../../../src/actions/messages.ts';
import { parseArguments } from '../../../src/commands/parse-arguments.ts';
import { tokenize } from '../../../src/commands/tokenize.ts';
import { toActionRequest } from '../../../src/dispatch/to-action-request.ts';
import { isUserFacingError, type UserMessage } from '../../../src/errors.ts';
import { formatMessage, mergeCatalogs } from '../../../src/i18n/catalog.ts';
import { webhookMessages } from '../../../src/webhook/messages.ts';
import { makeCommand } from '../api/support/make-command.ts';
import { UNUSED_DAY2_ENV } from './support/day2-env.ts';

const SECRET_TOKEN = 'jenkins-api-token-3f9a1c';
const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('webhook action against a local stand-in for Jenkins', () => {
  let server: Server;
  let port = 0;
  const seen: Array<{ url: string; headers: IncomingMessage['headers']; body: string }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', headers: req.headers, body });
        if (req.url?.startsWith('/moved')) res.writeHead(301, { location: '/job/deploy/build' }).end();
        else res.writeHead(201, { location: `http://127.0.0.1:${port}/queue/item/7/` }).end(SECRET_TOKEN);
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  const command = makeCommand({
    trigger: 'deploy',
    targets: { kind: 'Deployment', names: ['web'] },
    action: {
      webhook: {
        secretName: 'jenkins-deploy',
        parameters: [{ name: 'branch', pattern: '[a-z0-9][-a-z0-9./]*', maxLength: 40, required: true }],
        bodyTemplate: '{"job": "{{name}}", "branch": "{{branch}}"}',
      },
    },
  });

  function envWith(path: string): { env: ActionEnv; secretReads: string[] } {
    const secretReads: string[] = [];
    const env: ActionEnv = {
      ...UNUSED_DAY2_ENV,
      apps: {} as ActionEnv['apps'],
      core: {
        readNamespacedSecret: (args: { name: string; namespace: string }) => {
          secretReads.push(`${args.namespace}/${args.name}`);
          return Promise.resolve({
            data: {
              url: b64(`http://127.0.0.1:${port}${path}`),
              headers: b64(JSON.stringify({ Authorization: `Bearer ${SECRET_TOKEN}` })),
            },
          });
        },
      } as unknown as CoreV1Api,
      getJson: () => Promise.reject(new Error('not used')),
      ctx: {
        target: { kind: 'Deployment', namespace: 'shop', name: 'web' },
        signal: new AbortController().signal,
      },
      now: () => new Date(0),
      readTarget: () => Promise.resolve({ kind: 'Deployment', obj: {} }),
      followRollout: () => Promise.reject(new Error('not used')),
    };
    return { env, secretReads };
  }

  const loopbackAllowed: WebhookDeps = {
    policy: { allowedHosts: ['127.0.0.1'], allowAddressKinds: ['loopback'], allowHttp: true },
  };

  function requestFor(text: string): Parameters<typeof runWebhook>[0] {
    const r = parseArguments(command, tokenize(text));
    if (!r.ok) throw new Error(`refused: ${r.error.userMessage.key}`);
    const req = toActionRequest(r.invocation);
    if (req.type !== 'webhook') throw new Error('not a webhook request');
    return req;
  }

  const render = (m: UserMessage): string =>
    formatMessage(mergeCatalogs(actionMessages, webhookMessages), 'en', m);

  it("sends the Secret's credentials and the templated body, and replies with the status and the link only", async () => {
    seen.length = 0;
    const { env, secretReads } = envWith('/job/deploy/buildWithParameters');
    const out = await runWebhook(requestFor('web --branch=release/1.2'), env, loopbackAllowed);
    expect(secretReads).toEqual(['shop/jenkins-deploy']);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.headers['authorization']).toBe(`Bearer ${SECRET_TOKEN}`);
    expect(seen[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ job: 'web', branch: 'release/1.2' });
    expect(out.ok).toBe(true);
    const text = render(out.summary);
    expect(text).toBe(
      `Called 127.0.0.1 for deployment/web: HTTP 201. http://127.0.0.1:${port}/queue/item/7/`,
    );
    // Neither the token (header, and echoed in the response body) nor the URL path appears in the reply.
    expect(JSON.stringify(out)).not.toContain(SECRET_TOKEN);
    expect(JSON.stringify(out)).not.toContain('buildWithParameters');
  });

  it('refuses loopback unless the operator allowed it, and sends nothing', async () => {
    seen.length = 0;
    const { env } = envWith('/job/deploy/build');
    const policy: WebhookDeps = { policy: { allowedHosts: ['127.0.0.1'], allowHttp: true } };
    const err: unknown = await runWebhook(requestFor('web --branch=main'), env, policy).catch(
      (e: unknown) => e,
    );
    expect(isUserFacingError(err) && err.userMessage).toEqual({
      key: 'webhook.address-refused',
      params: { host: '127.0.0.1', kind: 'loopback' },
    });
    expect(seen).toHaveLength(0);
  });

  it('calls nothing without an operator allow-list (the default)', async () => {
    seen.length = 0;
    const { env } = envWith('/job/deploy/build');
    const err: unknown = await runWebhook(requestFor('web --branch=main'), env, {}).catch((e: unknown) => e);
    expect(isUserFacingError(err) && err.userMessage.key).toBe('webhook.scheme-refused');
    const https = await runWebhook(requestFor('web --branch=main'), envWith('/x').env, {
      policy: { allowedHosts: [], allowHttp: true },
    }).catch((e: unknown) => e);
    expect(isUserFacingError(https) && https.userMessage.key).toBe('webhook.host-not-allowed');
    expect(seen).toHaveLength(0);
  });

  it('refuses a hostile parameter in chat before anything is read or sent', () => {
    for (const text of [
      'web --branch=main"}',
      'web --branch=$(curl evil)',
      'web --branch=-x',
      'web --url=http://evil',
    ]) {
      expect(parseArguments(command, tokenize(text)).ok, text).toBe(false);
    }
    expect(seen).toHaveLength(0);
  });

  it('does not follow a redirect, and says so', async () => {
    seen.length = 0;
    const out = await runWebhook(requestFor('web --branch=main'), envWith('/moved').env, loopbackAllowed);
    expect(out).toMatchObject({
      ok: false,
      summary: { key: 'action.webhook.redirect', params: { status: 301 } },
    });
    expect(seen.map((s) => s.url)).toEqual(['/moved']);
  });
});
