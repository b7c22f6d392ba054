// The dispatcher's one hook into the access gate: a refusal runs nothing and is replied, counted and audited;
// whoami shows the identity; help hides what the identity may not run; Events name the Kubernetes user.
import { describe, expect, it } from 'vitest';
import type { ActionRequest } from '../../../src/actions/types.ts';
import { actionMessages } from '../../../src/actions/messages.ts';
import type { AuditRecord } from '../../../src/dispatch/ports/audit-sink.ts';
import { renderAuditNote } from '../../../src/audit/event-recorder.ts';
import { createAccessGate } from '../../../src/authz/access-gate.ts';
import { withKubernetesUser } from '../../../src/authz/audit-identity.ts';
import { IdentityIndex } from '../../../src/authz/identity-index.ts';
import { authzMessages } from '../../../src/authz/messages.ts';
import { commandMessages } from '../../../src/commands/messages.ts';
import { CommandRegistry } from '../../../src/commands/registry.ts';
import { createDispatcher } from '../../../src/dispatch/dispatcher.ts';
import { dispatchMessages } from '../../../src/dispatch/messages.ts';
import { mergeCatalogs } from '../../../src/i18n/catalog.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { createMetrics } from '../../../src/metrics/metrics.ts';
import type { InboundMessage, OutboundReply } from '../../../src/dispatch/ports/chat.ts';
import { makeCommand } from '../api/support/make-command.ts';

function message(text: string, id: string, unionId?: string): InboundMessage {
  return {
    platform: 'dingtalk',
    messageId: `msg-${text}-${id}`,
    text,
    sender: { id, ...(unionId ? { unionId } : {}), name: id, isAdmin: false },
    conversation: { id: 'cidGROUP', type: 'group' },
    createdAt: 0,
    replyTo: {
      url: 'https://oapi.dingtalk.com/robot/sendBySession?session=x',
      expiresAt: Date.now() + 60_000,
    },
  };
}

function rig() {
  const registry = new CommandRegistry();
  registry.upsert(
    makeCommand({ trigger: 'scale', allow: { conversations: ['*'], users: ['*'], kubernetesAccess: true } }),
  );
  registry.upsert(
    makeCommand({ name: 'open', trigger: 'open scale', allow: { conversations: ['*'], users: ['*'] } }),
  );
  const index = new IdentityIndex();
  index.upsert({
    apiVersion: 'kubetalk.io/v1alpha1',
    kind: 'ChatIdentity',
    metadata: { name: 'alice' },
    spec: { staffIds: ['alice01'], unionIds: ['uAlice'], user: 'alice@example.com', groups: ['dev'] },
  });
  const gate = createAccessGate({
    resolve: (ids) => index.resolve(ids),
    identitiesReady: () => true,
    // RBAC in this test: alice may scale web only.
    reviewer: (q) =>
      Promise.resolve({ allowed: q.identity.user === 'alice@example.com' && q.name === 'web', reason: '' }),
    lookupCommand: (ns, name) => registry.get(ns, name),
    cacheTtlMs: 1000,
    cacheMaxEntries: 10,
    log: silentLogger,
  });
  const replies: OutboundReply[] = [];
  const audits: AuditRecord[] = [];
  const requests: ActionRequest[] = [];
  const metrics = createMetrics();
  const d = createDispatcher({
    registry,
    actions: {
      run: (req) => {
        requests.push(req);
        return Promise.resolve({
          ok: true,
          summary: {
            key: 'action.scale.done',
            params: { kind: 'deployment', name: 'web', namespace: 'shop', from: 1, to: 2 },
          },
        });
      },
    },
    replies: { send: (_t, r) => (replies.push(r), Promise.resolve({ ok: true, attempts: 1 })) },
    audit: withKubernetesUser({ record: (r) => (audits.push(r), Promise.resolve()) }, (s) =>
      gate.kubernetesUserOf(s),
    ),
    metrics,
    log: silentLogger,
    catalog: mergeCatalogs(dispatchMessages, commandMessages, actionMessages, authzMessages),
    defaultLocale: 'en',
    actionTimeoutMs: 1000,
    commandUid: () => 'uid',
    access: gate,
  });
  return { d, replies, audits, requests };
}

describe('dispatcher with the access gate', () => {
  it('runs when RBAC allows the mapped user, and the Event names the Kubernetes user', async () => {
    const r = rig();
    r.d.handle(message('scale web 2', 'alice01'));
    await r.d.drain(1000);
    expect(r.requests).toHaveLength(1);
    expect(r.audits[0]?.sender.kubernetesUser).toBe('alice@example.com');
    expect(renderAuditNote(r.audits[0]!)).toMatch(
      /^alice01 \(alice01\) as Kubernetes user alice@example.com in cidGROUP/,
    );
  });

  it('refuses a denied target and an unmapped sender: nothing runs, a Denied Event is written', async () => {
    const r = rig();
    r.d.handle(message('scale api 2', 'alice01'));
    r.d.handle(message('scale web 2', 'dave'));
    await r.d.drain(1000);
    expect(r.requests).toEqual([]);
    const texts = r.replies.map((x) => x.markdown).join('\n');
    expect(texts).toContain('may not `patch deployments.apps/scale` on **api**');
    expect(texts).toContain(
      'kubectl auth can-i patch deployments.apps/api --subresource=scale -n shop --as alice@example.com --as-group dev',
    );
    expect(texts).toContain('is not mapped');
    expect(r.audits.map((a) => [a.outcome, a.result])).toEqual(
      expect.arrayContaining([
        [
          'Denied',
          'denied (kubernetes access: alice@example.com may not patch deployments.apps/scale api in shop)',
        ],
        ['Denied', 'denied (kubernetes access: sender is not mapped by any ChatIdentity)'],
      ]),
    );
  });

  it('maps by unionId, shows the identity in whoami, and hides from help what RBAC refuses', async () => {
    const r = rig();
    r.d.handle(message('whoami', '', 'uAlice'));
    await r.d.drain(1000);
    // Names are shown inert (an "@" could read as a mention); the copyable can-i line stays exact.
    expect(r.replies[0]?.markdown).toContain(
      'Kubernetes user: **alice＠example.com**, groups: dev (ChatIdentity alice)',
    );
    r.d.handle(message('help', 'dave'));
    await r.d.drain(1000);
    expect(r.replies[1]?.markdown).toContain('**open scale**');
    expect(r.replies[1]?.markdown).not.toContain('**scale**');
    r.d.handle(message('help', 'alice01'));
    await r.d.drain(1000);
    expect(r.replies[2]?.markdown).toContain('**scale**');
  });
});
