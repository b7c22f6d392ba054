import { describe, expect, it } from 'vitest';
import {
  deliverGroup,
  type AlertDestinations,
  type DeliverDeps,
  type SendOutcome,
} from '../../../src/alerts/deliver-group.ts';
import { createMemoryDeliveryRecords, type DeliveryRecords } from '../../../src/alerts/delivery-records.ts';
import type { CompiledRoute } from '../../../src/alerts/select-routes.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import type { OutboundReply } from '../../../src/dispatch/ports/chat.ts';
import { alert, group, NOW, route } from './fixtures.ts';

function destinations(
  fail: Set<string>,
): AlertDestinations & { sent: Array<{ route: string; message: OutboundReply }> } {
  const sent: Array<{ route: string; message: OutboundReply }> = [];
  return {
    sent,
    budgetFor: () => 13_000,
    send(r: CompiledRoute, message): Promise<SendOutcome> {
      if (fail.has(r.key)) return Promise.resolve({ ok: false, transient: true, reason: 'errcode 130101' });
      sent.push({ route: r.key, message });
      return Promise.resolve({ ok: true });
    },
  };
}

const routes = [route('a', 'one'), route('a', 'two'), route('b', 'all')];
const deps = (d: AlertDestinations, records: DeliveryRecords): DeliverDeps => ({
  routes: () => routes,
  clusterNamespaces: [],
  destinations: d,
  records,
  defaultLocale: 'en',
  log: silentLogger,
  now: () => NOW,
});
const times = { dedupeMs: 600_000, sendingMs: 60_000, now: () => NOW };
const g = group([alert({ alertname: 'X', namespace: 'a', pod: '1' })]);

describe('delivering one notification', () => {
  it('answers 200 once every route has it', async () => {
    const d = destinations(new Set());
    const out = await deliverGroup(g, deps(d, createMemoryDeliveryRecords(times)));
    expect(out.status).toBe(200);
    expect(d.sent.map((s) => s.route).sort()).toEqual(['a/one', 'a/two']);
  });

  it('a partial failure answers 503, and the retry posts only to the route that missed it', async () => {
    const fail = new Set(['a/two']);
    const d = destinations(fail);
    const records = createMemoryDeliveryRecords(times);
    expect((await deliverGroup(g, deps(d, records))).status).toBe(503);
    expect(d.sent.map((s) => s.route)).toEqual(['a/one']);
    fail.clear();
    const retry = await deliverGroup(g, deps(d, records));
    expect(retry.status).toBe(200);
    expect(retry.results.find((r) => r.route === 'a/one')?.result).toBe('duplicate');
    expect(d.sent.map((s) => s.route)).toEqual(['a/one', 'a/two']);
  });

  it('two replicas given the same notification at once post it once (the record says busy, then delivered)', async () => {
    const d = destinations(new Set());
    const records = createMemoryDeliveryRecords(times);
    const [x, y] = await Promise.all([deliverGroup(g, deps(d, records)), deliverGroup(g, deps(d, records))]);
    expect(d.sent).toHaveLength(2);
    expect([x.status, y.status].sort()).toEqual([200, 503]);
    expect((await deliverGroup(g, deps(d, records))).status).toBe(200);
    expect(d.sent).toHaveLength(2);
  });

  it('a change in the group (a new alert, a resolution) is a new message', async () => {
    const d = destinations(new Set());
    const records = createMemoryDeliveryRecords(times);
    await deliverGroup(g, deps(d, records));
    const resolved = group([
      alert(
        { alertname: 'X', namespace: 'a', pod: '1' },
        { status: 'resolved', endsAt: '2026-12-05T10:29:00Z' },
      ),
    ]);
    await deliverGroup(resolved, deps(d, records));
    expect(d.sent).toHaveLength(4);
  });

  it('records that cannot be asked mean no send and a retry', async () => {
    const d = destinations(new Set());
    const records: DeliveryRecords = {
      begin: () => Promise.resolve('unavailable'),
      finish: () => Promise.resolve(),
    };
    const out = await deliverGroup(g, deps(d, records));
    expect(out.status).toBe(503);
    expect(d.sent).toHaveLength(0);
  });

  it('a notification no route wants is delivered (200): nothing to retry', async () => {
    const d = destinations(new Set());
    const out = await deliverGroup(
      group([alert({ alertname: 'X', namespace: 'zzz' })]),
      deps(d, createMemoryDeliveryRecords(times)),
    );
    expect(out.status).toBe(200);
  });
});
