// A namespace without its runner ServiceAccount: a polite refusal, an audit Event, a count, and no action at all.
import { describe, expect, it } from 'vitest';
import type { ActionRequest, ActionRunner } from '../../../src/actions/types.ts';
import { actionMessages } from '../../../src/actions/messages.ts';
import type { AuditRecord } from '../../../src/dispatch/ports/audit-sink.ts';
import { commandMessages } from '../../../src/commands/messages.ts';
import { CommandRegistry } from '../../../src/commands/registry.ts';
import { createDispatcher } from '../../../src/dispatch/dispatcher.ts';
import { dispatchMessages } from '../../../src/dispatch/messages.ts';
import { checkRunner } from '../../../src/dispatch/runner-check.ts';
import { formatMessage, mergeCatalogs } from '../../../src/i18n/catalog.ts';
import { createLogger } from '../../../src/log/logger.ts';
import { createMetrics } from '../../../src/metrics/metrics.ts';
import type { InboundMessage, OutboundReply } from '../../../src/dispatch/ports/chat.ts';
import { makeCommand } from '../api/support/make-command.ts';

const catalog = mergeCatalogs(dispatchMessages, commandMessages, actionMessages);

function message(text: string): InboundMessage {
  return {
    platform: 'dingtalk',
    messageId: `msg-${text}`,
    text,
    sender: { id: 'alice01', name: 'Alice', isAdmin: false },
    conversation: { id: 'cidGROUP', type: 'group', title: 'Ops' },
    createdAt: 0,
    replyTo: {
      url: 'https://oapi.dingtalk.com/robot/sendBySession?session=x',
      expiresAt: Date.now() + 60_000,
    },
  };
}

function rig(exists: boolean | undefined, defaultLocale: 'en' | 'zh-CN' = 'en') {
  const registry = new CommandRegistry();
  registry.upsert(
    makeCommand({ trigger: 'scale', allow: { conversations: ['cidGROUP'], users: ['alice01'] } }),
  );
  const replies: OutboundReply[] = [];
  const audits: AuditRecord[] = [];
  const requests: ActionRequest[] = [];
  const asked: string[] = [];
  const actions: ActionRunner = {
    run: (req) => {
      requests.push(req);
      return Promise.resolve({ ok: true, summary: { key: 'dispatch.title' } });
    },
  };
  const metrics = createMetrics();
  const d = createDispatcher({
    registry,
    actions,
    replies: { send: (_t, r) => (replies.push(r), Promise.resolve({ ok: true, attempts: 1 })) },
    audit: { record: (r) => (audits.push(r), Promise.resolve()) },
    metrics,
    log: createLogger({ write: () => undefined, level: 'error' }),
    catalog,
    defaultLocale,
    actionTimeoutMs: 1000,
    commandUid: () => 'uid-1',
    runners: {
      name: 'kubetalk-runner',
      exists: (ns) => (asked.push(ns), exists),
    },
  });
  return { d, replies, audits, requests, asked, metrics };
}

describe('the runner check before an action', () => {
  it('refuses politely when the namespace has no runner, runs nothing, audits and counts a denial', async () => {
    const r = rig(false);
    r.d.handle(message('scale web 3'));
    expect(await r.d.drain(1000)).toBe(true);
    expect(r.asked).toEqual(['shop']);
    expect(r.requests).toEqual([]);
    expect(r.replies).toHaveLength(1);
    const text = r.replies[0]?.markdown ?? '';
    expect(text).toContain('Sorry Alice, I cannot run **scale**');
    expect(text).toContain('namespace shop has no ServiceAccount **kubetalk-runner**');
    expect(text).toContain('Nothing was changed');
    expect(text).toContain('kubectl create serviceaccount kubetalk-runner -n shop');
    expect(r.replies[0]?.mentionUserIds).toEqual(['alice01']);
    expect(r.audits).toMatchObject([
      { outcome: 'Denied', result: 'denied (runner ServiceAccount shop/kubetalk-runner does not exist)' },
    ]);
    const counted = (await r.metrics.commands.get()).values.find(
      (v) => v.labels.action === 'scale' && v.labels.result === 'denied',
    );
    expect(counted?.value).toBe(1);
  });

  it('answers in Chinese when the locale is zh-CN', async () => {
    const r = rig(false, 'zh-CN');
    r.d.handle(message('scale web 3'));
    expect(await r.d.drain(1000)).toBe(true);
    expect(r.replies[0]?.markdown).toContain('命名空间 shop 中没有 ServiceAccount **kubetalk-runner**');
    expect(r.requests).toEqual([]);
  });

  it('refuses while the runner cache cannot tell yet, with a try-again hint', async () => {
    const r = rig(undefined);
    r.d.handle(message('scale web 3'));
    expect(await r.d.drain(1000)).toBe(true);
    expect(r.requests).toEqual([]);
    expect(r.replies[0]?.markdown).toMatch(/cannot confirm yet .* try \*\*scale\*\* again in a minute/);
    expect(r.audits[0]?.result).toBe('denied (runner ServiceAccount shop/kubetalk-runner not known yet)');
  });

  it('runs the action when the runner exists', async () => {
    const r = rig(true);
    r.d.handle(message('scale web 3'));
    expect(await r.d.drain(1000)).toBe(true);
    expect(r.requests).toHaveLength(1);
    expect(r.audits[0]?.outcome).toBe('Succeeded');
  });

  it('does not look up the runner for help or a denied sender', async () => {
    const r = rig(false);
    r.d.handle(message('help'));
    expect(await r.d.drain(1000)).toBe(true);
    expect(r.asked).toEqual([]);
  });

  it('has both locales for both refusals', () => {
    for (const exists of [false, undefined]) {
      const refusal = checkRunner({ name: 'r', exists: () => exists }, 'ns', { name: 'A', trigger: 't' });
      expect(refusal).toBeDefined();
      for (const locale of ['en', 'zh-CN'] as const)
        expect(formatMessage(catalog, locale, refusal!.message)).not.toMatch(/\{\w+\}/);
    }
    expect(checkRunner({ name: 'r', exists: () => true }, 'ns', { name: 'A', trigger: 't' })).toBeUndefined();
  });
});
