// validateChatCommand beyond the fixture table: input shapes, namespaces, defaults, copies, all problems at once.
import { describe, expect, it } from 'vitest';
import { validateChatCommand } from '../../../src/api/validate-chat-command.ts';

function base(): Record<string, unknown> {
  return {
    apiVersion: 'kubetalk.io/v1alpha1',
    kind: 'ChatCommand',
    metadata: { name: 'scale-web', namespace: 'shop' },
    spec: {
      trigger: 'scale',
      targets: { kind: 'Deployment', names: ['web'] },
      action: { scale: { minReplicas: 1, maxReplicas: 3 } },
      allow: { conversations: ['*'], users: ['*'] },
    },
  };
}

function problemsOf(obj: unknown, options = {}): readonly string[] {
  const r = validateChatCommand(obj, options);
  return r.ok ? [] : r.problems;
}

describe('validateChatCommand', () => {
  it.each([null, undefined, 'text', 3, [], true])('refuses a non-object (%o)', (value) => {
    expect(problemsOf(value)).toEqual(['object: must be a YAML/JSON object']);
  });

  it('checks apiVersion, kind and top-level fields', () => {
    const obj = { ...base(), apiVersion: 'kubetalk.io/v1', kind: 'Chat', extra: 1 };
    expect(problemsOf(obj)).toEqual([
      'apiVersion: must be kubetalk.io/v1alpha1',
      'kind: must be ChatCommand',
      'extra: unknown field',
    ]);
  });

  it('needs metadata with a valid name and a namespace, or a default namespace', () => {
    expect(problemsOf({ ...base(), metadata: undefined })).toEqual([
      'metadata: is required and must be an object',
    ]);
    expect(problemsOf({ ...base(), metadata: { name: 'Bad_Name', namespace: 'shop' } })).toEqual([
      "metadata.name: must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.')",
    ]);
    const noNamespace = { ...base(), metadata: { name: 'x' } };
    expect(problemsOf(noNamespace)).toEqual([
      'metadata.namespace: is required (ChatCommands are namespaced)',
    ]);
    const r = validateChatCommand(noNamespace, { defaultNamespace: 'team-a' });
    expect(r.ok && r.command.metadata.namespace).toBe('team-a');
    const explicit = validateChatCommand(base(), { defaultNamespace: 'team-a' });
    expect(explicit.ok && explicit.command.metadata.namespace).toBe('shop');
  });

  it('copies the informational metadata it understands and ignores the rest', () => {
    const r = validateChatCommand({
      ...base(),
      metadata: {
        name: 'x',
        namespace: 'shop',
        uid: 'u-1',
        generation: 4,
        resourceVersion: '99',
        creationTimestamp: '2026-01-01T00:00:00Z',
        labels: { a: 'b' },
        annotations: { note: 'hi' },
        managedFields: [{}],
      },
    });
    expect(r.ok && r.command.metadata).toEqual({
      name: 'x',
      namespace: 'shop',
      uid: 'u-1',
      generation: 4,
      resourceVersion: '99',
      creationTimestamp: '2026-01-01T00:00:00Z',
      labels: { a: 'b' },
      annotations: { note: 'hi' },
    });
  });

  it('applies the CRD defaults', () => {
    const obj = base();
    obj.spec = {
      trigger: 'logs',
      targets: { kind: 'Deployment', names: ['web'] },
      action: { logs: {} },
      allow: {},
    };
    const r = validateChatCommand(obj);
    expect(r.ok && r.command.spec.action.logs).toEqual({ tailLines: 50, maxTailLines: 500, maxBytes: 16384 });
    expect(r.ok && r.command.spec.allow).toEqual({ admins: false, externalMembers: false });
    (obj.spec as Record<string, unknown>).action = { rollout: { operation: 'status' } };
    const r2 = validateChatCommand(obj);
    expect(r2.ok && r2.command.spec.action.rollout).toEqual({ operation: 'status', timeoutSeconds: 600 });
  });

  it('returns a copy that does not share arrays with the input', () => {
    const obj = base();
    const r = validateChatCommand(obj);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    (obj.spec as { targets: { names: string[] } }).targets.names.push('evil');
    expect(r.command.spec.targets.names).toEqual(['web']);
  });

  it('reports every problem at once, with paths', () => {
    const obj = base();
    obj.spec = {
      trigger: 'Scale',
      aliases: 'x',
      targets: { kind: 'Pod', names: ['a b'] },
      action: { scale: { minReplicas: 5, maxReplicas: 2000 } },
      allow: { users: [1], admins: 'yes' },
      cooldownSeconds: -1,
    };
    expect(problemsOf(obj)).toEqual([
      "spec.trigger: must be 1–3 words separated by single spaces; each word lowercase letters, digits, Chinese characters and inner '-'",
      'spec.aliases: must be a list',
      'spec.targets.kind: must be one of Deployment, StatefulSet, DaemonSet, CronJob',
      "spec.targets.names[0]: must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.')",
      'spec.action.scale.maxReplicas: must be at most 1000',
      'spec.allow.users[0]: must be a string',
      'spec.allow.admins: must be true or false',
      'spec.cooldownSeconds: must be at least 0',
    ]);
  });

  it('counts characters, not UTF-16 units, for maxLength', () => {
    const obj = base();
    (obj.spec as Record<string, unknown>).description = '🚀'.repeat(256);
    expect(problemsOf(obj)).toEqual([]);
    (obj.spec as Record<string, unknown>).description = '🚀'.repeat(257);
    expect(problemsOf(obj)).toEqual(['spec.description: must be at most 256 characters']);
  });

  it('refuses non-integer numbers', () => {
    const obj = base();
    (obj.spec as Record<string, unknown>).action = { scale: { minReplicas: 1.5, maxReplicas: 3 } };
    expect(problemsOf(obj)).toEqual(['spec.action.scale.minReplicas: must be an integer']);
  });
});
