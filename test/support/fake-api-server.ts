// A loopback HTTP server standing in for the API server in unit tests: records every request, answers by a rule.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface FakeApiServer {
  /** A kubeconfig pointing at the server, authenticating with `token`. */
  readonly kc: KubeConfig;
  /** Every request so far, oldest first; empty it between tests as needed. */
  readonly seen: SeenRequest[];
  close(): void;
}

/** `answer` writes the response; leaving it unanswered simulates a hung server. */
export async function startFakeApiServer(
  token: string,
  answer: (req: SeenRequest, res: ServerResponse) => void,
): Promise<FakeApiServer> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const r = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(r);
      answer(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: 'u', token }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return {
    kc,
    seen,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}
