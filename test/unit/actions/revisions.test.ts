import type { V1ControllerRevision, V1ReplicaSet } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { formatHistoryTable } from '../../../src/actions/history-table.ts';
import {
  controllerRevisions,
  deploymentRevisions,
  pickUndoRevision,
} from '../../../src/actions/revisions.ts';
import { isUserFacingError } from '../../../src/errors.ts';

const ref = { kind: 'Deployment', namespace: 'shop', name: 'web' } as const;
const owner = (uid: string, controller = true) => [
  { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid, controller },
];

function rs(name: string, revision: string | undefined, uid = 'dep-1', cause?: string): V1ReplicaSet {
  const annotations: Record<string, string> = {};
  if (revision !== undefined) annotations['deployment.kubernetes.io/revision'] = revision;
  if (cause !== undefined) annotations['kubernetes.io/change-cause'] = cause;
  return { metadata: { name, annotations, ownerReferences: owner(uid) }, spec: { selector: {} } };
}

function userMessage(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    if (isUserFacingError(err)) return err.userMessage;
    throw err;
  }
  throw new Error('did not throw');
}

describe('deploymentRevisions', () => {
  it('keeps only ReplicaSets the Deployment controls, with a numeric revision, oldest first', () => {
    const list = [
      rs('web-c', '3', 'dep-1', 'v3'),
      rs('web-a', '1'),
      rs('other', '2', 'dep-2'),
      rs('web-x', 'garbage'),
      rs('web-y', undefined),
      {
        ...rs('web-b', '2', 'dep-1', 'v2'),
        metadata: { ...rs('web-b', '2', 'dep-1', 'v2').metadata, ownerReferences: owner('dep-1', false) },
      },
      rs('web-d', '4', 'dep-1', 'v4'),
    ];
    const revs = deploymentRevisions('dep-1', list);
    expect(revs.map((r) => [r.revision, r.changeCause, r.source.metadata?.name])).toEqual([
      [1, undefined, 'web-a'],
      [3, 'v3', 'web-c'],
      [4, 'v4', 'web-d'],
    ]);
    expect(deploymentRevisions(undefined, list)).toEqual([]);
  });
});

describe('controllerRevisions', () => {
  it('keeps the owner’s revisions, oldest first', () => {
    const cr = (name: string, revision: number, uid: string): V1ControllerRevision => ({
      revision,
      metadata: { name, ownerReferences: owner(uid), annotations: { 'kubernetes.io/change-cause': name } },
    });
    const revs = controllerRevisions('sts-1', [
      cr('b', 2, 'sts-1'),
      cr('x', 9, 'sts-2'),
      cr('a', 1, 'sts-1'),
    ]);
    expect(revs.map((r) => [r.revision, r.changeCause])).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
  });
});

describe('pickUndoRevision', () => {
  const revs = [1, 3, 4].map((revision) => ({ revision, source: revision }));

  it('goes back to the second newest without toRevision (or with 0)', () => {
    expect(pickUndoRevision(revs, undefined, ref).revision).toBe(3);
    expect(pickUndoRevision(revs, 0, ref).revision).toBe(3);
  });

  it('finds an exact revision', () => {
    expect(pickUndoRevision(revs, 1, ref).revision).toBe(1);
  });

  it('lists the available revisions when the requested one is missing', () => {
    expect(userMessage(() => pickUndoRevision(revs, 2, ref))).toEqual({
      key: 'action.undo.revision-not-found',
      params: { kind: 'deployment', name: 'web', namespace: 'shop', revision: 2, available: '1, 3, 4' },
    });
    expect(userMessage(() => pickUndoRevision(revs, -1, ref))).toMatchObject({
      key: 'action.undo.revision-not-found',
    });
  });

  it('says there is no history with fewer than two revisions', () => {
    expect(userMessage(() => pickUndoRevision([{ revision: 1, source: 1 }], undefined, ref))).toEqual({
      key: 'action.undo.no-history',
      params: { kind: 'deployment', name: 'web', namespace: 'shop', available: '1' },
    });
    expect(userMessage(() => pickUndoRevision([], undefined, ref))).toMatchObject({
      params: { available: '-' },
    });
  });
});

describe('formatHistoryTable', () => {
  it('is a narrow table, newest last, current starred, long causes clipped', () => {
    const text = formatHistoryTable(
      [
        { revision: 9, source: null },
        {
          revision: 10,
          changeCause: 'kubectl set image deployment/web app=registry.example/web:2 --record   with  spaces',
          source: null,
        },
        { revision: 11, changeCause: 'hotfix', source: null },
      ],
      10,
    );
    expect(text.split('\n')).toEqual([
      '  REV  CHANGE-CAUSE',
      '  9    <none>',
      '* 10   kubectl set image deployment/web app=registry.example/web:2…',
      '  11   hotfix',
    ]);
  });
});
