import { describe, expect, it } from 'vitest';
import type { ChatCommand } from '../../../src/api/chat-command.ts';
import { computeStatus, statusEquals, type StatusFacts } from '../../../src/controller/compute-status.ts';

const cmd = (over: Partial<ChatCommand['spec']> = {}, status?: ChatCommand['status']): ChatCommand => ({
  apiVersion: 'kubetalk.io/v1alpha1',
  kind: 'ChatCommand',
  metadata: { name: 'scale-web', namespace: 'shop', generation: 3 },
  spec: {
    trigger: 'scale',
    targets: { kind: 'Deployment', names: ['web'] },
    action: { scale: { minReplicas: 1, maxReplicas: 5 } },
    allow: { conversations: ['*'], users: ['*'], admins: false },
    ...over,
  },
  ...(status ? { status } : {}),
});
const ok: StatusFacts = { problems: [], conflicts: [], runnerExists: true, runnerName: 'kubetalk-runner' };
const now = new Date('2026-11-28T00:00:00.000Z');
const ready = (s: ReturnType<typeof computeStatus>) => s.conditions?.find((c) => c.type === 'Ready');

describe('computeStatus', () => {
  it('accepts a valid command with a summary and observedGeneration', () => {
    const s = computeStatus(cmd(), ok, now);
    expect(s.observedGeneration).toBe(3);
    expect(s.action).toBe('scale');
    expect(ready(s)).toMatchObject({
      status: 'True',
      reason: 'Accepted',
      observedGeneration: 3,
      lastTransitionTime: '2026-11-28T00:00:00Z',
    });
  });

  it.each([
    [{ ...ok, problems: ['spec.trigger: bad'] }, 'InvalidSpec', /spec.trigger: bad/],
    [
      { ...ok, conflicts: ['other/scale-api (trigger "scale")'] },
      'TriggerConflict',
      /collides with other\/scale-api/,
    ],
    [{ ...ok, runnerExists: false }, 'RunnerMissing', /shop\/kubetalk-runner does not exist/],
  ] as const)('reports %#', (facts, reason, message) => {
    const r = ready(computeStatus(cmd(), facts, now));
    expect(r?.status).toBe('False');
    expect(r?.reason).toBe(reason);
    expect(r?.message).toMatch(message);
  });

  it('does not blame the runner when its check failed', () => {
    expect(ready(computeStatus(cmd(), { ...ok, runnerExists: undefined }, now))?.reason).toBe('Accepted');
  });

  it('reports a command nobody may run', () => {
    const r = ready(
      computeStatus(cmd({ allow: { conversations: [], users: ['*'], admins: false } }), ok, now),
    );
    expect(r?.reason).toBe('NobodyAllowed');
  });

  it('keeps lastTransitionTime while the status holds, so an unchanged status is not rewritten', () => {
    const first = computeStatus(cmd(), ok, now);
    const again = computeStatus(cmd({}, first), ok, new Date('2026-11-29T00:00:00Z'));
    expect(statusEquals(first, again)).toBe(true);
    const flipped = computeStatus(
      cmd({}, first),
      { ...ok, runnerExists: false },
      new Date('2026-11-29T00:00:00Z'),
    );
    expect(statusEquals(first, flipped)).toBe(false);
    expect(ready(flipped)?.lastTransitionTime).toBe('2026-11-29T00:00:00Z');
  });
});
