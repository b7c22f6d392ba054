import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { createKubeActionRunner } from '../../../src/actions/runner.ts';
import { isUserFacingError } from '../../../src/errors.ts';

/** A kubeconfig for a server nobody listens on: these tests must fail before any request is made. */
function unusedKubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: 'https://127.0.0.1:9', skipTLSVerify: true }],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc;
}

describe('createKubeActionRunner', () => {
  it('refuses malformed names before they can reach a request path', async () => {
    const runner = createKubeActionRunner({ kc: unusedKubeConfig() });
    for (const [namespace, name] of [
      ['shop', '../secrets'],
      ['shop', 'Web'],
      ['shop', ''],
      ['a.b', 'web'],
      ['shop', 'x'.repeat(254)],
    ]) {
      const err: unknown = await runner
        .run(
          { type: 'history' },
          {
            target: { kind: 'Deployment', namespace: namespace ?? '', name: name ?? '' },
            signal: new AbortController().signal,
          },
        )
        .catch((e: unknown) => e);
      expect(isUserFacingError(err) && err.userMessage.key, `${namespace}/${name}`).toBe(
        'action.invalid-target',
      );
    }
  });
});
