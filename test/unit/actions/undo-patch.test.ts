import type { V1ControllerRevision, V1Deployment } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { pruneEmpty, semanticEqual } from '../../../src/actions/semantic-equal.ts';
import { buildDeploymentUndoPatch, revisionMatchesTemplate } from '../../../src/actions/undo.ts';

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
    expect(buildDeploymentUndoPatch(deployment, template, rsAnnotations)).toEqual([
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
