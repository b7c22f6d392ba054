// The action → Kubernetes permission table a SubjectAccessReview asks about.
import { describe, expect, it } from 'vitest';
import { ACTION_TYPES, type ActionType } from '../../../src/api/action-names.ts';
import type { WorkloadKind } from '../../../src/actions/types.ts';
import { accessFor, describeAccess, describeCanI } from '../../../src/authz/access-table.ts';

describe('accessFor', () => {
  const cases: Array<[ActionType, WorkloadKind, string, string, string, string | undefined, boolean]> = [
    ['scale', 'Deployment', 'patch', 'apps', 'deployments', 'scale', true],
    ['scale', 'StatefulSet', 'patch', 'apps', 'statefulsets', 'scale', true],
    ['restart', 'Deployment', 'patch', 'apps', 'deployments', undefined, true],
    ['restart', 'DaemonSet', 'patch', 'apps', 'daemonsets', undefined, true],
    ['undo', 'Deployment', 'patch', 'apps', 'deployments', undefined, true],
    ['undo', 'StatefulSet', 'patch', 'apps', 'statefulsets', undefined, true],
    ['status', 'Deployment', 'get', 'apps', 'deployments', undefined, true],
    ['history', 'DaemonSet', 'get', 'apps', 'daemonsets', undefined, true],
    ['logs', 'Deployment', 'get', '', 'pods', 'log', false],
    ['logs', 'StatefulSet', 'get', '', 'pods', 'log', false],
  ];
  it.each(cases)('%s of a %s is %s %s/%s/%s', (action, kind, verb, group, resource, subresource, named) => {
    const access = accessFor(action, kind);
    expect(access).toEqual({ verb, group, resource, ...(subresource ? { subresource } : {}), named });
  });

  it('has an entry for every action type (a new action must decide its permission)', () => {
    for (const a of ACTION_TYPES) expect(() => accessFor(a, 'Deployment')).not.toThrow();
  });

  it('names permissions as kubectl auth can-i takes them', () => {
    expect(describeAccess(accessFor('scale', 'Deployment'))).toBe('patch deployments.apps/scale');
    expect(describeAccess(accessFor('restart', 'StatefulSet'))).toBe('patch statefulsets.apps');
    expect(describeAccess(accessFor('logs', 'Deployment'))).toBe('get pods/log');
  });

  it('quotes the kubectl auth can-i line that asks the same question', () => {
    const who = { namespace: 'shop', user: 'alice@example.com', groups: ['dev'] };
    expect(describeCanI(accessFor('scale', 'Deployment'), { ...who, name: 'web' })).toBe(
      'kubectl auth can-i patch deployments.apps/web --subresource=scale -n shop --as alice@example.com --as-group dev',
    );
    expect(describeCanI(accessFor('logs', 'Deployment'), { ...who, groups: [] })).toBe(
      'kubectl auth can-i get pods --subresource=log -n shop --as alice@example.com',
    );
  });
});
