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
      // Day-2 actions (issue 15): a Job from a CronJob, suspend/resume; pods/events views.
      { apiGroups: ['batch'], resources: ['cronjobs'], verbs: ['get', 'patch'] },
      { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'create'] },
      // events (issue 15) and diagnose (issue 19): reads only, never ConfigMaps or Secrets.
      { apiGroups: [''], resources: ['events', 'services'], verbs: ['list'] },
      { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get'] },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list'] },
    ]);
  });

  it('never writes but by patch, except creating Jobs; no Secrets, ConfigMaps, wildcards', () => {
    const verbs = new Set(RUNNER_ROLE_RULES.flatMap((r) => r.verbs));
    expect([...verbs].sort()).toEqual(['create', 'get', 'list', 'patch']);
    const creates = RUNNER_ROLE_RULES.filter((r) => r.verbs.includes('create'));
    expect(creates.flatMap((r) => r.resources)).toEqual(['jobs']);
    const resources = RUNNER_ROLE_RULES.flatMap((r) => r.resources ?? []);
    expect(resources).not.toContain('secrets');
    expect(resources).not.toContain('configmaps');
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
