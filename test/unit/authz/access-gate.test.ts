// The access gate: mapped + SubjectAccessReview-allowed runs; unmapped, conflicting, denied or unanswered refuses.
import { describe, expect, it, vi } from 'vitest';
import type { ChatCommand } from '../../../src/api/chat-command.ts';
import { createAccessGate, type AccessGateOptions } from '../../../src/authz/access-gate.ts';
import type { IdentityResolution } from '../../../src/authz/identity-index.ts';
import type { AccessQuestion } from '../../../src/authz/subject-access-review.ts';
import type { AvailableCommand } from '../../../src/commands/list-available.ts';
import type { Invocation } from '../../../src/commands/invocation.ts';
import { silentLogger } from '../../../src/log/logger.ts';

function command(
  name: string,
  action: ChatCommand['spec']['action'],
  kubernetesAccess = true,
  names = ['web'],
): ChatCommand {
  return {
    apiVersion: 'kubetalk.io/v1alpha1',
    kind: 'ChatCommand',
    metadata: { name, namespace: 'shop' },
    spec: {
      trigger: name,
      targets: { kind: 'Deployment', names },
      action,
      allow: {
        conversations: ['*'],
        users: ['*'],
        admins: false,
        ...(kubernetesAccess ? { kubernetesAccess } : {}),
      },
    },
  };
}
const SCALE = command('scale', { scale: { minReplicas: 1, maxReplicas: 5 } });
const LOGS = command('logs', { logs: { tailLines: 10, maxTailLines: 100, maxBytes: 4096 } });
const OPEN = command('status', { rollout: { operation: 'status', timeoutSeconds: 60 } }, false);
const inv = (cmd: ChatCommand, name = 'web'): Invocation => ({
  command: cmd,
  namespace: 'shop',
  target: { kind: 'Deployment', name },
});
const ALICE = { id: 's1', name: 'Alice' };
const MAPPED: IdentityResolution = {
  kind: 'mapped',
  identity: { mapping: 'alice', user: 'alice', groups: ['dev'] },
};

function gate(over: Partial<AccessGateOptions> = {}) {
  const reviewer = vi.fn((q: AccessQuestion) => Promise.resolve({ allowed: q.name !== 'db', reason: '' }));
  const commands = new Map([SCALE, LOGS, OPEN].map((c) => [c.metadata.name, c]));
  const g = createAccessGate({
    resolve: () => MAPPED,
    identitiesReady: () => true,
    reviewer,
    lookupCommand: (_ns, name) => commands.get(name),
    cacheTtlMs: 10_000,
    cacheMaxEntries: 100,
    log: silentLogger,
    ...over,
  });
  return { g, reviewer };
}

describe('access gate: review', () => {
  it('lets a command without allow.kubernetesAccess through without asking anything', async () => {
    const { g, reviewer } = gate({ resolve: () => ({ kind: 'unmapped' }) });
    expect(await g.review(inv(OPEN), ALICE)).toBeUndefined();
    expect(reviewer).not.toHaveBeenCalled();
  });

  it('asks about the exact verb, resource, subresource, namespace and name, as the mapped user', async () => {
    const { g, reviewer } = gate();
    expect(await g.review(inv(SCALE), ALICE)).toBeUndefined();
    expect(reviewer).toHaveBeenCalledWith({
      identity: MAPPED.kind === 'mapped' ? MAPPED.identity : undefined,
      access: { verb: 'patch', group: 'apps', resource: 'deployments', subresource: 'scale', named: true },
      namespace: 'shop',
      name: 'web',
    });
  });

  it('asks about logs without a name (the runner picks the pods)', async () => {
    const { g, reviewer } = gate();
    await g.review(inv(LOGS), ALICE);
    expect(reviewer.mock.calls[0]?.[0]).not.toHaveProperty('name');
    expect(reviewer.mock.calls[0]?.[0].access).toMatchObject({
      verb: 'get',
      resource: 'pods',
      subresource: 'log',
    });
  });

  it('refuses with the missing permission when the review says no', async () => {
    const { g } = gate();
    const r = await g.review(inv(SCALE, 'db'), ALICE);
    expect(r?.reason).toBe('denied');
    expect(r?.message).toMatchObject({
      key: 'authz.denied',
      params: {
        user: 'alice',
        permission: 'patch deployments.apps/scale',
        target: 'db',
        namespace: 'shop',
      },
    });
    expect(r?.detail).toBe('kubernetes access: alice may not patch deployments.apps/scale db in shop');
  });

  it('refuses an unmapped sender, a conflict, identities not loaded, and an API server that does not answer', async () => {
    expect((await gate({ resolve: () => ({ kind: 'unmapped' }) }).g.review(inv(SCALE), ALICE))?.reason).toBe(
      'unmapped',
    );
    const conflict = await gate({ resolve: () => ({ kind: 'conflict', mappings: ['a', 'b'] }) }).g.review(
      inv(SCALE),
      ALICE,
    );
    expect(conflict?.reason).toBe('conflict');
    expect(conflict?.message.params?.['mappings']).toBe('a, b');
    expect((await gate({ identitiesReady: () => false }).g.review(inv(SCALE), ALICE))?.reason).toBe(
      'not-ready',
    );
    const off = await gate({ identitiesEnabled: false }).g.review(inv(SCALE), ALICE);
    expect(off?.message.key).toBe('authz.disabled');
    const down = gate({ reviewer: async () => Promise.reject(new Error('connect ECONNREFUSED')) });
    expect((await down.g.review(inv(SCALE), ALICE))?.reason).toBe('unavailable');
  });

  it('reuses an answer within the cache time (one review for many messages)', async () => {
    const { g, reviewer } = gate();
    for (let i = 0; i < 5; i++) await g.review(inv(SCALE), ALICE);
    expect(reviewer).toHaveBeenCalledTimes(1);
  });
});

describe('access gate: help and whoami', () => {
  const available = (c: ChatCommand): AvailableCommand => ({
    namespace: 'shop',
    name: c.metadata.name,
    trigger: c.spec.trigger,
    aliases: [],
    action: 'scale',
    usage: { key: 'x' },
  });

  it('shows a command when one of its names is allowed, hides it when none is, keeps open ones', async () => {
    const onlyDb = command('dbscale', { scale: { minReplicas: 1, maxReplicas: 5 } }, true, ['db']);
    const commands = new Map([SCALE, OPEN, onlyDb].map((c) => [c.metadata.name, c]));
    const { g } = gate({ lookupCommand: (_ns, n) => commands.get(n) });
    const shown = await g.filterAvailable([SCALE, OPEN, onlyDb].map(available), ALICE);
    expect(shown.map((c) => c.name)).toEqual(['scale', 'status']);
  });

  it('hides every kubernetesAccess command from an unmapped sender without a single review', async () => {
    const { g, reviewer } = gate({ resolve: () => ({ kind: 'unmapped' }) });
    const shown = await g.filterAvailable([SCALE, OPEN, LOGS].map(available), ALICE);
    expect(shown.map((c) => c.name)).toEqual(['status']);
    expect(reviewer).not.toHaveBeenCalled();
  });

  it('spends at most its review budget per help, and hides what it could not check', async () => {
    const many = Array.from({ length: 50 }, (_, i) =>
      command(`c${i}`, { scale: { minReplicas: 1, maxReplicas: 2 } }, true, [`w${i}`]),
    );
    const commands = new Map(many.map((c) => [c.metadata.name, c]));
    const { g, reviewer } = gate({ lookupCommand: (_ns, n) => commands.get(n), helpReviewBudget: 10 });
    const shown = await g.filterAvailable(many.map(available), ALICE);
    expect(reviewer).toHaveBeenCalledTimes(10);
    expect(shown).toHaveLength(10);
    // A second help within the cache time costs nothing for what was checked.
    reviewer.mockClear();
    await g.filterAvailable(many.slice(0, 10).map(available), ALICE);
    expect(reviewer).not.toHaveBeenCalled();
  });

  it('describes the mapped identity for whoami, and names the Kubernetes user for audit', () => {
    const { g } = gate();
    expect(g.describeSender({ ...ALICE, unionId: 'u1' })).toEqual({
      key: 'authz.whoami.mapped',
      params: { unionId: 'u1', user: 'alice', groups: 'dev', mapping: 'alice' },
    });
    expect(g.kubernetesUserOf(ALICE)).toBe('alice');
    expect(gate({ resolve: () => ({ kind: 'unmapped' }) }).g.kubernetesUserOf(ALICE)).toBeUndefined();
  });
});
