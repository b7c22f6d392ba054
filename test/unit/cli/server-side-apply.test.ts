import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubernetesObject } from '@kubernetes/client-node';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  demoChatCommands,
  demoDeployment,
  demoNamespace,
  demoRunner,
} from '../../../scripts/demo-manifests.ts';
import { createServerSideApply, objectPath } from '../../../scripts/server-side-apply.ts';
import { repoRoot } from '../../../tools/local-cluster/index.ts';
import { startFakeApiServer, type FakeApiServer } from '../../support/fake-api-server.ts';

const crd = load(
  readFileSync(join(repoRoot, 'crds', 'kubetalk.io_chatcommands.yaml'), 'utf8'),
) as KubernetesObject;

let api: FakeApiServer;

beforeAll(async () => {
  // Echoes the applied object back, as the API server would.
  api = await startFakeApiServer('admin-token', (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(req.body);
  });
});

afterAll(() => {
  api.close();
});

describe('objectPath', () => {
  it('knows every kind the demo applies', () => {
    const objects = [
      crd,
      demoNamespace('demo'),
      demoDeployment('demo'),
      ...demoRunner('demo'),
      ...demoChatCommands('demo', { conversations: ['c'], users: ['u'] }),
    ];
    expect(objects.map(objectPath)).toEqual([
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/chatcommands.kubetalk.io',
      '/api/v1/namespaces/demo',
      '/apis/apps/v1/namespaces/demo/deployments/web',
      '/api/v1/namespaces/demo/serviceaccounts/kubetalk-runner',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/demo/roles/kubetalk-runner',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/demo/rolebindings/kubetalk-runner',
      ...['scale-web', 'restart-web', 'status-web', 'logs-web', 'undo-web'].map(
        (n) => `/apis/kubetalk.io/v1alpha1/namespaces/demo/chatcommands/${n}`,
      ),
    ]);
  });

  it('refuses kinds it does not know and objects without a name or namespace', () => {
    expect(() => objectPath({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } })).toThrow(
      /no path/,
    );
    expect(() => objectPath({ apiVersion: 'v1', kind: 'Namespace', metadata: {} })).toThrow(/metadata.name/);
    expect(() => objectPath({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w' } })).toThrow(
      /metadata.namespace/,
    );
  });
});

describe('createServerSideApply', () => {
  it('sends the manifest exactly as written, every CEL rule of the CRD included', async () => {
    api.seen.length = 0;
    await createServerSideApply(api.kc, 'kubetalk-demo')(crd);
    const [req] = api.seen;
    expect(req?.method).toBe('PATCH');
    expect(req?.url).toBe(
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/chatcommands.kubetalk.io?fieldManager=kubetalk-demo&force=true',
    );
    expect(req?.headers['content-type']).toBe('application/apply-patch+yaml');
    expect(req?.headers['authorization']).toBe('Bearer admin-token');
    expect(JSON.parse(req?.body ?? '')).toEqual(crd);
    expect((req?.body ?? '').split('"x-kubernetes-validations"').length - 1).toBe(13);
  });
});
