// The outbound webhook's guard rails: address classification, templates, and calls to a local stand-in for Jenkins.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUserFacingError } from '../../../src/errors.ts';
import { classifyAddress, isClusterInternalName } from '../../../src/webhook/classify-address.ts';
import { listPlaceholders, renderTemplate } from '../../../src/webhook/render-template.ts';
import {
  isHostAllowed,
  sendWebhook,
  type ResolveHost,
  type WebhookPolicy,
} from '../../../src/webhook/send-webhook.ts';

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['10.96.0.1', 'private'],
    ['172.20.3.4', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.10', 'private'],
    ['fd00::1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['8.8.8.8', 'public'],
    ['2606:4700::1111', 'public'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it('marks the operator-given cluster ranges as cluster, even public-looking ones', () => {
    expect(classifyAddress('34.118.224.10', ['34.118.224.0/20'])).toBe('cluster');
    expect(classifyAddress('34.118.250.10', ['34.118.224.0/20'])).toBe('public');
  });

  it('knows names that only mean something inside a cluster', () => {
    for (const h of [
      'jenkins',
      'jenkins.ci.svc',
      'jenkins.ci.svc.cluster.local',
      'localhost',
      'printer.local',
    ])
      expect(isClusterInternalName(h), h).toBe(true);
    expect(isClusterInternalName('jenkins.example.com')).toBe(false);
  });

  it('matches allowed hosts exactly, or subdomains of a *. rule', () => {
    expect(isHostAllowed('jenkins.example.com', ['jenkins.example.com'])).toBe(true);
    expect(isHostAllowed('JENKINS.example.com.', ['jenkins.example.com'])).toBe(true);
    expect(isHostAllowed('evil-jenkins.example.com', ['jenkins.example.com'])).toBe(false);
    expect(isHostAllowed('ci.example.com', ['*.example.com'])).toBe(true);
    expect(isHostAllowed('example.com', ['*.example.com'])).toBe(false);
    expect(isHostAllowed('example.com.evil.io', ['*.example.com'])).toBe(false);
    expect(isHostAllowed('anything', [])).toBe(false);
  });
});

describe('renderTemplate', () => {
  it('fills declared placeholders, escaping so a value cannot leave its string or add a field', () => {
    const tpl = '{"ref": "{{branch}}", "inputs": {"env": "{{ env }}"}}';
    expect(listPlaceholders(tpl)).toEqual(['branch', 'env']);
    expect(renderTemplate(tpl, { branch: 'main', env: 'prod' }, 'json')).toBe(
      '{"ref": "main", "inputs": {"env": "prod"}}',
    );
    expect(JSON.parse(renderTemplate(tpl, { branch: 'x", "admin": "true', env: 'a\\b' }, 'json'))).toEqual({
      ref: 'x", "admin": "true',
      inputs: { env: 'a\\b' },
    });
    expect(renderTemplate('token=x&branch={{branch}}', { branch: 'a&token=y' }, 'form')).toBe(
      'token=x&branch=a%26token%3Dy',
    );
  });
});

describe('sendWebhook against a local stand-in for Jenkins (127.0.0.1)', () => {
  let server: Server;
  let port = 0;
  const seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        if (req.url === '/redirect') {
          res.writeHead(302, { location: `http://127.0.0.1:${port}/job/evil/build` }).end();
        } else if (req.url === '/huge') {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end('x'.repeat(100_000));
        } else if (req.url === '/slow') {
          setTimeout(() => res.writeHead(200).end('late'), 3000);
        } else {
          // Jenkins answers a build trigger with 201 and the queue item's URL.
          res.writeHead(201, { location: `http://127.0.0.1:${port}/queue/item/42/` }).end();
        }
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

  const allowLoopback: WebhookPolicy = {
    allowedHosts: ['127.0.0.1', 'jenkins.example.com'],
    allowAddressKinds: ['loopback'],
    allowHttp: true,
    timeoutMs: 1000,
    maxResponseBytes: 1024,
  };
  const refused = async (p: Promise<unknown>): Promise<unknown> => {
    const err: unknown = await p.then(
      () => new Error('expected a refusal'),
      (e: unknown) => e,
    );
    if (!isUserFacingError(err)) throw err;
    return err.userMessage;
  };

  it('sends the credentials and the templated body when loopback is explicitly allowed, and shows the link', async () => {
    seen.length = 0;
    const out = await sendWebhook(
      {
        url: `http://127.0.0.1:${port}/job/deploy/buildWithParameters`,
        method: 'POST',
        headers: {
          authorization: 'Basic Ym90OnMzY3JldA==',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: renderTemplate('BRANCH={{branch}}', { branch: 'release-1.2' }, 'form'),
      },
      allowLoopback,
    );
    expect(out).toMatchObject({
      status: 201,
      link: `http://127.0.0.1:${port}/queue/item/42/`,
      redirectNotFollowed: false,
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/job/deploy/buildWithParameters',
      body: 'BRANCH=release-1.2',
      headers: { authorization: 'Basic Ym90OnMzY3JldA==' },
    });
  });

  it('refuses loopback by default, and sends nothing', async () => {
    seen.length = 0;
    const policy = { ...allowLoopback, allowAddressKinds: [] };
    expect(
      await refused(sendWebhook({ url: `http://127.0.0.1:${port}/x`, method: 'POST', headers: {} }, policy)),
    ).toEqual({
      key: 'webhook.address-refused',
      params: { host: '127.0.0.1', kind: 'loopback' },
    });
    expect(seen).toHaveLength(0);
  });

  it('refuses a host not on the allow-list (empty by default), and sends nothing', async () => {
    seen.length = 0;
    const policy = { ...allowLoopback, allowedHosts: [] };
    expect(
      await refused(sendWebhook({ url: `http://127.0.0.1:${port}/x`, method: 'POST', headers: {} }, policy)),
    ).toMatchObject({
      key: 'webhook.host-not-allowed',
    });
    expect(seen).toHaveLength(0);
  });

  it('refuses a name that resolves to a private address among public ones (every answer is checked)', async () => {
    const resolve: ResolveHost = () =>
      Promise.resolve([
        { address: '93.184.216.34', family: 4 },
        { address: '10.0.0.5', family: 4 },
      ]);
    expect(
      await refused(
        sendWebhook(
          { url: 'https://jenkins.example.com/x', method: 'POST', headers: {} },
          allowLoopback,
          resolve,
        ),
      ),
    ).toEqual({ key: 'webhook.address-refused', params: { host: 'jenkins.example.com', kind: 'private' } });
  });

  it('pins the connection to the checked address: the name is resolved once, the socket goes where it was checked', async () => {
    seen.length = 0;
    let lookups = 0;
    const resolve: ResolveHost = () => {
      lookups++;
      // A rebinding server would answer differently the second time; a second lookup never happens.
      return Promise.resolve(
        lookups === 1 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '10.0.0.1', family: 4 }],
      );
    };
    const out = await sendWebhook(
      { url: `http://jenkins.example.com:${port}/job/x/build`, method: 'POST', headers: {} },
      allowLoopback,
      resolve,
    );
    expect(out.status).toBe(201);
    expect(lookups).toBe(1);
    expect(seen[0]?.headers.host).toBe(`jenkins.example.com:${port}`);
  });

  it('does not follow a redirect', async () => {
    seen.length = 0;
    const out = await sendWebhook(
      { url: `http://127.0.0.1:${port}/redirect`, method: 'POST', headers: {} },
      allowLoopback,
    );
    expect(out).toMatchObject({ status: 302, redirectNotFollowed: true });
    expect(out.link).toBeUndefined();
    expect(seen.map((s) => s.url)).toEqual(['/redirect']);
  });

  it('reads at most maxResponseBytes of an answer', async () => {
    const out = await sendWebhook(
      { url: `http://127.0.0.1:${port}/huge`, method: 'GET', headers: {} },
      allowLoopback,
    );
    expect(out.truncated).toBe(true);
    expect(out.body.length).toBe(1024);
  });

  it('gives up after the time limit', async () => {
    expect(
      await refused(
        sendWebhook({ url: `http://127.0.0.1:${port}/slow`, method: 'POST', headers: {} }, allowLoopback),
      ),
    ).toEqual({ key: 'webhook.timeout', params: { host: '127.0.0.1', seconds: 1 } });
  });

  it('refuses http unless allowed, credentials in the URL, and cluster-internal names', async () => {
    const policy = { ...allowLoopback, allowHttp: false };
    expect(
      await refused(sendWebhook({ url: `http://127.0.0.1:${port}/x`, method: 'POST', headers: {} }, policy)),
    ).toMatchObject({
      key: 'webhook.scheme-refused',
    });
    expect(
      await refused(
        sendWebhook(
          { url: `http://bot:s3cret@127.0.0.1:${port}/x`, method: 'POST', headers: {} },
          allowLoopback,
        ),
      ),
    ).toEqual({ key: 'webhook.userinfo-refused', params: { host: '127.0.0.1' } });
    const inCluster = { ...allowLoopback, allowedHosts: ['jenkins.ci.svc'] };
    expect(
      await refused(sendWebhook({ url: 'https://jenkins.ci.svc/x', method: 'POST', headers: {} }, inCluster)),
    ).toEqual({ key: 'webhook.address-refused', params: { host: 'jenkins.ci.svc', kind: 'cluster' } });
  });
});
