// Offline validation is generic over CRD files: a new kind (here a made-up AlertRoute) is checked by its file alone.
import { describe, expect, it } from 'vitest';
import { listCrdVersions, parseCrdFile } from '../../../../src/api/crd/crd-catalog.ts';
import { evaluateRules } from '../../../../src/api/crd/evaluate-rules.ts';
import { validateCustomResource, validateWithCrd } from '../../../../src/api/crd/validate-custom-resource.ts';

const ALERT_ROUTE = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: alertroutes.kubetalk.io }
spec:
  group: kubetalk.io
  scope: Namespaced
  names: { kind: AlertRoute, plural: alertroutes }
  versions:
    - name: v1alpha1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            apiVersion: { type: string }
            kind: { type: string }
            metadata: { type: object }
            spec:
              type: object
              required: [receivers]
              x-kubernetes-validations:
                - rule: "!has(self.repeatSeconds) || self.repeatSeconds >= 60"
                  message: repeatSeconds must be at least a minute
                  fieldPath: .repeatSeconds
              properties:
                receivers:
                  type: array
                  maxItems: 4
                  x-kubernetes-list-type: set
                  items: { type: string, maxLength: 16 }
                repeatSeconds: { type: integer, default: 300 }
`;

const [crd] = parseCrdFile('kubetalk.io_alertroutes.yaml', ALERT_ROUTE);
const route = (spec: unknown): Record<string, unknown> => ({
  apiVersion: 'kubetalk.io/v1alpha1',
  kind: 'AlertRoute',
  metadata: { name: 'pager', namespace: 'ops' },
  spec,
});

describe('a CRD file the validator has never seen', () => {
  it('gives schema, defaults and CEL rules with nothing written for the kind', () => {
    if (!crd) throw new Error('no CRD parsed');
    const ok = validateWithCrd(crd, route({ receivers: ['ops'] }), { rules: evaluateRules });
    expect(ok.ok && ok.object.spec).toEqual({ receivers: ['ops'], repeatSeconds: 300 });
    const bad = validateWithCrd(crd, route({ receivers: ['ops', 'ops'], repeatSeconds: 5 }), {
      rules: evaluateRules,
    });
    expect(bad.ok ? [] : bad.problems).toEqual([
      'spec.receivers[1]: duplicate value "ops"',
      'spec.repeatSeconds: repeatSeconds must be at least a minute',
    ]);
    const unscoped = validateWithCrd(crd, { ...route({ receivers: [] }), metadata: { name: 'pager' } });
    expect(unscoped.ok ? [] : unscoped.problems).toEqual([
      'metadata.namespace: is required (AlertRoutes are namespaced)',
    ]);
  });

  it('reads every file in crds/, and names the kinds it knows when a kind has no CRD', () => {
    const kinds = listCrdVersions().map((c) => c.kind);
    expect(kinds).toEqual(expect.arrayContaining(['ChatCommand', 'ChatIdentity']));
    const r = validateCustomResource({
      apiVersion: 'kubetalk.io/v1alpha1',
      kind: 'Nope',
      metadata: { name: 'x' },
    });
    expect(r.ok ? [] : r.problems).toEqual([
      expect.stringMatching(
        /^kind: no CRD in crds\/ defines kubetalk\.io\/v1alpha1 Nope \(known: .*ChatCommand/,
      ),
    ]);
  });

  it('parses every CRD in crds/ and compiles every rule of it (a rule calling a missing function fails here)', () => {
    for (const version of listCrdVersions()) {
      const problems = validateWithCrd(
        version,
        { metadata: { name: 'x', namespace: 'y' } },
        { rules: evaluateRules },
      );
      expect(problems.ok ? [] : problems.problems, version.file).not.toContainEqual(
        expect.stringContaining('could not be evaluated: found no matching overload'),
      );
    }
  });
});
