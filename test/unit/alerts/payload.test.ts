import { describe, expect, it } from 'vitest';
import { parseAlertmanagerPayload } from '../../../src/alerts/payload.ts';

const body = (v: unknown): Buffer => Buffer.from(JSON.stringify(v));
const valid = {
  version: '4',
  groupKey: '{}:{alertname="X"}',
  truncatedAlerts: 0,
  status: 'firing',
  receiver: 'team\\.a',
  groupLabels: { alertname: 'X' },
  commonLabels: { alertname: 'X' },
  commonAnnotations: {},
  externalURL: 'http://am:9093',
  notification_reason: 'first notification',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'X', namespace: 'shop' },
      annotations: {},
      startsAt: '2026-12-05T10:00:00Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: '',
      fingerprint: 'abc',
    },
  ],
};

describe('Alertmanager payload', () => {
  it('accepts version 4 with fields newer Alertmanagers add (notification_reason, routeLabels)', () => {
    const p = parseAlertmanagerPayload(body({ ...valid, routeLabels: { a: 'b' } }));
    expect(p.ok && p.group.alerts[0]?.labels['namespace']).toBe('shop');
  });

  it.each([
    ['not JSON', Buffer.from('{')],
    ['an array', body([])],
    ['version 3', body({ ...valid, version: '3' })],
    ['alerts not an array', body({ ...valid, alerts: {} })],
    ['a bad status', body({ ...valid, status: 'pending' })],
    ['a numeric label', body({ ...valid, alerts: [{ ...valid.alerts[0], labels: { a: 1 } }] })],
    ['negative truncatedAlerts', body({ ...valid, truncatedAlerts: -1 })],
    ['no groupKey', body({ ...valid, groupKey: undefined })],
    ['too many alerts', body({ ...valid, alerts: Array.from({ length: 5001 }, () => valid.alerts[0]) })],
  ])('refuses %s with a reason', (_name, raw) => {
    const p = parseAlertmanagerPayload(raw);
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.problem.length).toBeGreaterThan(0);
  });

  it('a label named __proto__ is data, not a prototype', () => {
    const raw = Buffer.from(
      JSON.stringify(valid).replace('"namespace":"shop"', '"namespace":"shop","__proto__":"x"'),
    );
    const p = parseAlertmanagerPayload(raw);
    expect(p.ok && p.group.alerts[0]?.labels['__proto__']).toBe('x');
  });
});
