// Pins the runner's rights literally: widening RUNNER_ROLE_RULES (a verb, a resource) must fail here first.
import { describe, expect, it } from 'vitest';
import {
  impersonationRule,
  renderRunnerObjects,
  RUNNER_ROLE_RULES,
} from '../../../src/actions/runner-rbac.ts';

describe('RUNNER_ROLE_RULES', () => {
  it('grants exactly what the actions use, and no update on the scale subresource', () => {
    expect(RUNNER_ROLE_RULES).toEqual([
      {
        apiGroups: ['apps'],
        resources: ['deployments', 'statefulsets', 'daemonsets'],
        verbs: ['get', 'patch'],
      },
      {
        apiGroups: ['apps'],
        resources: ['deployments/scale', 'statefulsets/scale'],
        verbs: ['get', 'patch'],
      },
      { apiGroups: ['apps'], resources: ['replicasets', 'controllerrevisions'], verbs: ['list'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
    ]);
  });

  it('never grants a write verb other than patch, nor any cluster-wide or wildcard rule', () => {
    const verbs = new Set(RUNNER_ROLE_RULES.flatMap((r) => r.verbs));
    expect([...verbs].sort()).toEqual(['get', 'list', 'patch']);
    for (const r of RUNNER_ROLE_RULES) {
      expect(r.resources).not.toContain('*');
      expect(r.apiGroups).not.toContain('*');
    }
  });

  it('renders the same rules into the Role of a namespace', () => {
    const [, role] = renderRunnerObjects('shop') as [unknown, { rules: unknown }, unknown];
    expect(role.rules).toEqual(RUNNER_ROLE_RULES);
  });

  it('lets the controller impersonate only the runner name', () => {
    expect(impersonationRule('kubetalk-runner')).toEqual({
      apiGroups: [''],
      resources: ['serviceaccounts'],
      verbs: ['impersonate'],
      resourceNames: ['kubetalk-runner'],
    });
  });
});
