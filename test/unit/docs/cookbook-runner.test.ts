// The cookbook's runner Role is the chart's: RUNNER_ROLE_RULES, plus get on the one Secret the Jenkins recipe reads.
import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { RUNNER_ROLE_RULES } from '../../../src/actions/runner-rbac.ts';
import { read, splitFences } from './markdown.ts';

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
  resourceNames?: string[];
}

const normalise = (rules: readonly Rule[]): string[] =>
  rules.map((r) => JSON.stringify([r.apiGroups, r.resources, r.verbs, r.resourceNames ?? []])).sort();

describe.each(['docs/cookbook.md', 'docs/cookbook.zh-CN.md'])('%s runner', (doc) => {
  it('allows exactly RUNNER_ROLE_RULES and the jenkins-deploy Secret', () => {
    const block = splitFences(read(doc)).fences.find((f) => f.body.includes('kind: Role'));
    const role = (loadAll(block?.body ?? '') as { kind: string; rules?: Rule[] }[]).find(
      (o) => o.kind === 'Role',
    );
    expect(normalise(role?.rules ?? [])).toEqual(
      normalise([
        ...RUNNER_ROLE_RULES.map((r) => ({ ...r })),
        { apiGroups: [''], resources: ['secrets'], resourceNames: ['jenkins-deploy'], verbs: ['get'] },
      ]),
    );
  });
});
