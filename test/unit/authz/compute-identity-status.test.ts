// A ChatIdentity's Ready condition: Mapped, Conflict (naming the other mapping and the id) or InvalidSpec.
import { describe, expect, it } from 'vitest';
import { computeIdentityStatus, identityStatusEquals } from '../../../src/authz/compute-identity-status.ts';

const now = new Date('2026-01-02T03:04:05.678Z');
const base = { generation: 2, previous: undefined, problems: [], conflicts: [], user: 'alice' };

describe('computeIdentityStatus', () => {
  it('is Mapped when valid and alone', () => {
    const s = computeIdentityStatus(base, now);
    expect(s).toEqual({
      observedGeneration: 2,
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'Mapped',
          message: 'maps to Kubernetes user alice',
          lastTransitionTime: '2026-01-02T03:04:05Z',
          observedGeneration: 2,
        },
      ],
    });
  });

  it('is a visible Conflict naming the id and the other ChatIdentity', () => {
    const s = computeIdentityStatus(
      { ...base, conflicts: [{ idType: 'staffId', id: 's1', others: ['mallory'] }] },
      now,
    );
    expect(s.conditions?.[0]).toMatchObject({ status: 'False', reason: 'Conflict' });
    expect(s.conditions?.[0]?.message).toMatch(/^staffId s1 is also claimed by mallory\. Chat refuses/);
  });

  it('is InvalidSpec with the problems', () => {
    const s = computeIdentityStatus({ ...base, problems: ['spec.user: is required'] }, now);
    expect(s.conditions?.[0]).toMatchObject({ reason: 'InvalidSpec', message: 'spec.user: is required' });
  });

  it('keeps lastTransitionTime while the status does not flip, and compares without it', () => {
    const first = computeIdentityStatus(base, now);
    const later = computeIdentityStatus({ ...base, previous: first }, new Date('2026-02-01T00:00:00Z'));
    expect(later.conditions?.[0]?.lastTransitionTime).toBe('2026-01-02T03:04:05Z');
    expect(identityStatusEquals(first, later)).toBe(true);
    expect(identityStatusEquals(first, computeIdentityStatus({ ...base, generation: 3 }, now))).toBe(false);
    expect(identityStatusEquals(undefined, first)).toBe(false);
  });
});
