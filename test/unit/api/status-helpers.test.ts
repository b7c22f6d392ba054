// The pure helpers the controller uses for status: action union access, summary columns, unreachable commands.
import { describe, expect, it } from 'vitest';
import { explainUnreachable } from '../../../src/api/explain-unreachable.ts';
import { isMutatingAction } from '../../../src/api/action-names.ts';
import { getAction } from '../../../src/api/get-action.ts';
import { summarizeChatCommand } from '../../../src/api/summarize-chat-command.ts';
import { makeCommand } from './support/make-command.ts';

describe('getAction', () => {
  it('names the one member', () => {
    expect(getAction({ scale: { minReplicas: 1, maxReplicas: 2 } })).toEqual({
      type: 'scale',
      scale: { minReplicas: 1, maxReplicas: 2 },
    });
    expect(getAction({ rollout: { operation: 'undo', timeoutSeconds: 5 } }).type).toBe('rollout');
  });

  it('throws on an unvalidated union (a programming error)', () => {
    expect(() => getAction({})).toThrow(/exactly one/);
    expect(() =>
      getAction({
        scale: { minReplicas: 1, maxReplicas: 2 },
        rollout: { operation: 'restart', timeoutSeconds: 1 },
      }),
    ).toThrow(/found 2/);
  });

  it.each([
    [{ scale: { minReplicas: 1, maxReplicas: 2 } }, true],
    [{ rollout: { operation: 'restart', timeoutSeconds: 1 } }, true],
    [{ rollout: { operation: 'undo', timeoutSeconds: 1 } }, true],
    [{ rollout: { operation: 'status', timeoutSeconds: 1 } }, false],
    [{ rollout: { operation: 'history', timeoutSeconds: 1 } }, false],
    [{ logs: { tailLines: 1, maxTailLines: 1, maxBytes: 1024 } }, false],
  ] as const)('isMutatingAction(%o) = %s', (action, mutating) => {
    expect(isMutatingAction(getAction(action))).toBe(mutating);
  });
});

describe('summarizeChatCommand', () => {
  it.each([
    [{}, 'scale', 'scale Deployment web|api to 1–10 replicas'],
    [
      { action: { rollout: { operation: 'restart' } } },
      'rollout restart',
      'rollout restart Deployment web|api',
    ],
    [
      { action: { rollout: { operation: 'history' } } },
      'rollout history',
      'rollout history Deployment web|api',
    ],
    [
      { action: { logs: { container: 'app' } } },
      'logs',
      'logs of Deployment web|api (container app), 50 lines (at most 500)',
    ],
    [
      {
        targets: {
          kind: 'StatefulSet',
          selector: { matchLabels: { chat: 'on' }, matchExpressions: [{ key: 'tier', operator: 'Exists' }] },
        },
        action: { rollout: { operation: 'status' } },
      },
      'rollout status',
      'rollout status StatefulSets matching chat=on, Exists(tier)',
    ],
    [
      {
        targets: {
          kind: 'Deployment',
          selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] },
        },
      },
      'scale',
      'scale Deployments matching tier In (a,b) to 1–10 replicas',
    ],
  ])('%o', (input, action, summary) => {
    expect(summarizeChatCommand(makeCommand(input).spec)).toEqual({ action, summary });
  });

  it('keeps the summary within status.summary’s maxLength', () => {
    const names = Array.from({ length: 60 }, (_, i) => `workload-with-a-long-name-${i}`);
    const { summary } = summarizeChatCommand(makeCommand({ targets: { kind: 'Deployment', names } }).spec);
    expect(Array.from(summary)).toHaveLength(512);
    expect(summary.endsWith('…')).toBe(true);
  });
});

describe('explainUnreachable', () => {
  it.each([
    [{ conversations: ['*'], users: ['*'], admins: false }, undefined],
    [{ conversations: ['c1'], users: ['u1'], admins: true }, undefined],
    [{ users: ['*'], admins: false }, /allow\.conversations is empty/],
    [{ conversations: [], users: ['*'], admins: false }, /allow\.conversations is empty/],
    [{ conversations: ['*'], admins: false }, /allow\.users is empty.*anyone in an allowed conversation/],
    [{ conversations: ['*'], users: [], admins: true }, /admins: true narrows users/],
    [{ admins: false }, /conversations is empty.*; allow\.users is empty/],
  ])('%o', (allow, expected) => {
    const text = explainUnreachable(allow);
    if (expected === undefined) expect(text).toBeUndefined();
    else expect(text).toMatch(expected);
  });
});
