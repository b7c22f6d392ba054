import type { AppsV1Api, CoreV1Api, V1ControllerRevision, V1Deployment } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { pruneEmpty, semanticEqual } from '../../../src/actions/semantic-equal.ts';
import type { ActionEnv } from '../../../src/actions/action-env.ts';
import type { LabelSelector } from '../../../src/actions/types.ts';
import { buildDeploymentUndoPatch, revisionMatchesTemplate, runUndo } from '../../../src/actions/undo.ts';
import { isUserFacingError } from '../../../src/errors.ts';
import { UNUSED_DAY2_ENV } from './support/day2-env.ts';

describe('buildDeploymentUndoPatch (kubectl rollout undo for Deployments)', () => {
  it('replaces the template without pod-template-hash and restores the ReplicaSet annotations, keeping the skip list', () => {
    const deployment: V1Deployment = {
      metadata: {
        name: 'web',
        annotations: {
          'deployment.kubernetes.io/revision': '3',
          'kubectl.kubernetes.io/last-applied-configuration': '{}',
          'kubernetes.io/change-cause': 'v3',
          'team/owner': 'shop',
        },
      },
    };
    const template = {
      metadata: { labels: { app: 'web', 'pod-template-hash': 'abc123' }, creationTimestamp: null },
      spec: { containers: [{ name: 'app', image: 'web:1' }] },
    };
    const rsAnnotations = {
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '2',
      'deployment.kubernetes.io/max-replicas': '3',
      'kubernetes.io/change-cause': 'v1',
    };
    expect(buildDeploymentUndoPatch(deployment.metadata?.annotations, template, rsAnnotations)).toEqual([
      {
        op: 'replace',
        path: '/spec/template',
        value: {
          metadata: { labels: { app: 'web' }, creationTimestamp: null },
          spec: { containers: [{ name: 'app', image: 'web:1' }] },
        },
      },
      {
        op: 'replace',
        path: '/metadata/annotations',
        value: {
          'deployment.kubernetes.io/revision': '3',
          'kubectl.kubernetes.io/last-applied-configuration': '{}',
          'kubernetes.io/change-cause': 'v1',
        },
      },
    ]);
    // The input template is left alone.
    expect(template.metadata.labels['pod-template-hash']).toBe('abc123');
  });
});

describe('revisionMatchesTemplate (StatefulSet / DaemonSet undo "skipped" check)', () => {
  const current = {
    metadata: { labels: { app: 'db' }, creationTimestamp: undefined },
    spec: { containers: [{ name: 'app', image: 'db:2', resources: {} }], volumes: [] },
  };
  const revision = (image: string): V1ControllerRevision => ({
    revision: 2,
    data: {
      spec: {
        template: {
          $patch: 'replace',
          metadata: { labels: { app: 'db' }, creationTimestamp: null },
          spec: { containers: [{ name: 'app', image, resources: {} }] },
        },
      },
    },
  });

  it('ignores $patch, nulls and empty values (the API machinery treats nil and empty alike)', () => {
    expect(revisionMatchesTemplate(revision('db:2'), current)).toBe(true);
    expect(revisionMatchesTemplate(revision('db:1'), current)).toBe(false);
  });
});

describe('semanticEqual / pruneEmpty', () => {
  it('treats Dates as their wire strings and drops empties', () => {
    expect(pruneEmpty({ a: null, b: [], c: {}, d: { e: undefined }, f: 0, g: '', h: false })).toEqual({
      f: 0,
      g: '',
      h: false,
    });
    expect(semanticEqual({ t: new Date('2026-01-01T00:00:00Z') }, { t: '2026-01-01T00:00:00.000Z' })).toBe(
      true,
    );
    expect(semanticEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
  });
});

describe('runUndo for a Deployment', () => {
  /** The API server's JSON, with a pod-spec field newer than client-node's models. */
  const owner = [
    { controller: true, uid: 'dep-uid', kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' },
  ];
  const template = (image: string, hash: string) => ({
    metadata: { labels: { app: 'web', 'pod-template-hash': hash } },
    spec: { containers: [{ name: 'app', image }], fieldFromTheFuture: { on: true } },
  });
  const rs = (revision: string, image: string, hash: string) => ({
    metadata: {
      name: `web-${hash}`,
      ownerReferences: owner,
      annotations: { 'deployment.kubernetes.io/revision': revision },
    },
    spec: { template: template(image, hash) },
  });
  const deployment = {
    metadata: { name: 'web', uid: 'dep-uid', annotations: { 'deployment.kubernetes.io/revision': '2' } },
    spec: { selector: { matchLabels: { app: 'web' } }, template: template('web:2', '') },
  };

  function fakeEnv(selector?: LabelSelector): { env: ActionEnv; patches: unknown[]; gets: string[] } {
    const patches: unknown[] = [];
    const gets: string[] = [];
    const env: ActionEnv = {
      ...UNUSED_DAY2_ENV,
      // Only the patch is exercised; the cast keeps the fake small.
      apps: {
        patchNamespacedDeployment: (args: { body: unknown }) => {
          patches.push(args.body);
          return Promise.resolve({});
        },
      } as unknown as AppsV1Api,
      core: {} as CoreV1Api,
      getJson: (path, query) => {
        gets.push(`${path}?${new URLSearchParams(query).toString()}`);
        if (path.endsWith('/replicasets'))
          return Promise.resolve({ items: [rs('1', 'web:1', 'aaa'), rs('2', 'web:2', 'bbb')] });
        return Promise.resolve(deployment);
      },
      ctx: {
        target: { kind: 'Deployment', namespace: 'shop', name: 'web' },
        signal: new AbortController().signal,
        ...(selector ? { selector } : {}),
      },
      now: () => new Date(0),
      readTarget: () => Promise.reject(new Error('a Deployment is read raw, not through readTarget')),
      followRollout: () => Promise.resolve({ ok: true, summary: { key: 'x', params: {} } }),
    };
    return { env, patches, gets };
  }

  it('copies the ReplicaSet template as raw JSON, so fields client-node does not know are kept', async () => {
    const { env, patches, gets } = fakeEnv();
    const out = await runUndo({ type: 'undo', timeoutSeconds: 60 }, env);
    expect(out.summary).toMatchObject({ key: 'action.undo.done', params: { revision: 1 } });
    expect(gets).toEqual([
      '/apis/apps/v1/namespaces/shop/deployments/web?',
      '/apis/apps/v1/namespaces/shop/replicasets?labelSelector=app%3Dweb',
    ]);
    expect(patches).toHaveLength(1);
    expect((patches[0] as object[])[0]).toEqual({
      op: 'replace',
      path: '/spec/template',
      value: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'app', image: 'web:1' }], fieldFromTheFuture: { on: true } },
      },
    });
  });

  it("refuses a Deployment the command's selector does not match, from its one raw read, and writes nothing", async () => {
    const { env, patches, gets } = fakeEnv({ matchLabels: { chat: 'enabled' } });
    const err: unknown = await runUndo({ type: 'undo', timeoutSeconds: 60 }, env).catch((e: unknown) => e);
    expect(isUserFacingError(err) && err.userMessage).toEqual({
      key: 'action.selector-mismatch',
      params: { kind: 'deployment', name: 'web', namespace: 'shop', selector: 'chat=enabled' },
    });
    expect(gets).toEqual(['/apis/apps/v1/namespaces/shop/deployments/web?']);
    expect(patches).toEqual([]);
  });
});
