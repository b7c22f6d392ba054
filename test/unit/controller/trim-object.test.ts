import { describe, expect, it } from 'vitest';
import {
  dropServerBookkeeping,
  keepIdentityOnly,
  LAST_APPLIED_ANNOTATION,
} from '../../../src/controller/trim-object.ts';

const applied = () => ({
  apiVersion: 'kubetalk.io/v1alpha1',
  kind: 'ChatCommand',
  metadata: {
    name: 'scale-web',
    namespace: 'shop',
    uid: 'u-1',
    resourceVersion: '42',
    generation: 3,
    labels: { team: 'shop' },
    annotations: { [LAST_APPLIED_ANNOTATION]: '{"big":"json"}', owner: 'ops' },
    managedFields: [{ manager: 'kubectl', operation: 'Apply', fieldsV1: { 'f:spec': {} } }],
  },
  spec: { trigger: 'scale', action: { type: 'scale' } },
  status: { observedGeneration: 3 },
});

describe('dropServerBookkeeping', () => {
  it('drops managedFields and the last-applied annotation, keeps everything else, leaves the input alone', () => {
    const raw = applied();
    const trimmed = dropServerBookkeeping(raw);
    expect(trimmed.metadata).toEqual({
      name: 'scale-web',
      namespace: 'shop',
      uid: 'u-1',
      resourceVersion: '42',
      generation: 3,
      labels: { team: 'shop' },
      annotations: { owner: 'ops' },
    });
    expect(trimmed.spec).toEqual(raw.spec);
    expect(trimmed.status).toEqual(raw.status);
    expect(raw.metadata.managedFields).toHaveLength(1);
    expect(raw.metadata.annotations[LAST_APPLIED_ANNOTATION]).toBeDefined();
  });

  it('omits annotations entirely when only the last-applied one was there', () => {
    const raw = applied();
    raw.metadata.annotations = { [LAST_APPLIED_ANNOTATION]: '{}' } as typeof raw.metadata.annotations;
    expect(dropServerBookkeeping(raw).metadata).not.toHaveProperty('annotations');
  });
});

describe('keepIdentityOnly', () => {
  it('cuts the object in place to what the informer cache compares, without touching earlier copies', () => {
    const raw = applied();
    const copy = dropServerBookkeeping(raw);
    keepIdentityOnly(raw);
    expect(raw).toEqual({
      apiVersion: 'kubetalk.io/v1alpha1',
      kind: 'ChatCommand',
      metadata: { name: 'scale-web', namespace: 'shop', resourceVersion: '42', uid: 'u-1' },
    });
    expect(copy.spec).toEqual({ trigger: 'scale', action: { type: 'scale' } });
    expect(copy.metadata.generation).toBe(3);
  });
});
