import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { ACTION_COMMAND_PATTERN, ALERT_ROUTE_LIMITS, type AlertRoute } from '../../../src/api/alert-route.ts';
import { validateAlertRoute } from '../../../src/api/validate-alert-route.ts';
import { computeAlertRouteStatus } from '../../../src/controller/alert-route-status.ts';

const root = join(import.meta.dirname, '../../..');
const obj = (spec: Record<string, unknown>) => ({
  apiVersion: 'kubetalk.io/v1alpha1',
  kind: 'AlertRoute',
  metadata: { name: 'r', namespace: 'shop', generation: 2 },
  spec,
});

describe('validateAlertRoute', () => {
  it('accepts a full route', () => {
    const r = validateAlertRoute(
      obj({
        match: ['severity=~"critical|warning"', 'alertname!="Watchdog"'],
        to: { robot: { secretName: 'shop-robot' } },
        mentions: {
          staffIds: ['a1'],
          bySeverity: { critical: ['b1'] },
          byLabel: { label: 'team', staffIds: { web: ['c1'] } },
        },
        actions: [{ title: 'Restart', command: 'restart {{ labels.deployment }}' }],
        locale: 'zh-CN',
        diagnose: true,
      }),
    );
    expect(r.ok).toBe(true);
  });

  it.each([
    ['no destination', { to: {} }, 'exactly one of conversationId or robot'],
    ['two destinations', { to: { conversationId: 'c', robot: { secretName: 's' } } }, 'exactly one'],
    ['a bad matcher', { to: { conversationId: 'c' }, match: ['severity'] }, 'spec.match[0]'],
    ['a bad regex', { to: { conversationId: 'c' }, match: ['a=~"("'] }, 'RE2'],
    [
      'a free-text placeholder',
      { to: { conversationId: 'c' }, actions: [{ title: 'x', command: 'restart {{ annotations.x }}' }] },
      'placeholders',
    ],
    [
      'a multi-line command',
      { to: { conversationId: 'c' }, actions: [{ title: 'x', command: 'a\nb' }] },
      'one line',
    ],
    ['a bad Secret name', { to: { robot: { secretName: 'Bad_Name' } } }, 'secretName'],
    ['a bad locale', { to: { conversationId: 'c' }, locale: 'fr' }, 'locale'],
    ['a staff id with spaces', { to: { conversationId: 'c' }, mentions: { staffIds: ['a b'] } }, 'printable'],
  ])('refuses %s', (_name, spec, message) => {
    const r = validateAlertRoute(obj(spec));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join('; ')).toContain(message);
  });
});

describe('AlertRoute status', () => {
  const route = (spec: Record<string, unknown>): AlertRoute => {
    const r = validateAlertRoute(obj(spec));
    if (!r.ok) throw new Error(r.problems.join());
    return r.route;
  };
  const facts = { problems: [], runnerExists: true, runnerName: 'kubetalk-runner', openApiConfigured: true };
  const now = new Date('2026-12-05T10:00:00Z');
  it.each([
    ['Accepted', route({ to: { conversationId: 'c' } }), facts],
    ['InvalidSpec', route({ to: { conversationId: 'c' } }), { ...facts, problems: ['x'] }],
    ['RunnerMissing', route({ to: { robot: { secretName: 's' } } }), { ...facts, runnerExists: false }],
    ['SenderUnavailable', route({ to: { conversationId: 'c' } }), { ...facts, openApiConfigured: false }],
  ])('%s', (reason, r, f) => {
    const s = computeAlertRouteStatus(r, f, now);
    expect(s.conditions[0]).toMatchObject({
      type: 'Ready',
      reason,
      status: reason === 'Accepted' ? 'True' : 'False',
    });
    expect(s.observedGeneration).toBe(2);
  });
  it('a conversation route does not need the runner', () => {
    const s = computeAlertRouteStatus(
      route({ to: { conversationId: 'c' } }),
      { ...facts, runnerExists: false },
      now,
    );
    expect(s.conditions[0]?.reason).toBe('Accepted');
  });
});

interface ListSchema {
  maxItems?: number;
  items: { maxLength?: number; properties: { command: { pattern?: string } } };
}

describe('AlertRoute CRD', () => {
  const text = readFileSync(join(root, 'crds/kubetalk.io_alertroutes.yaml'), 'utf8');
  // Only the parts read here are typed.
  const crd = load(text) as {
    spec: {
      versions: Array<{
        schema: { openAPIV3Schema: { properties: { spec: { properties: Record<string, ListSchema> } } } };
      }>;
    };
  };
  const spec = crd.spec.versions[0]?.schema.openAPIV3Schema.properties.spec.properties ?? {};

  it('agrees with src/api/alert-route.ts on the command pattern and the limits', () => {
    expect(spec['actions']?.items.properties.command.pattern).toBe(ACTION_COMMAND_PATTERN);
    expect(spec['actions']?.maxItems).toBe(ALERT_ROUTE_LIMITS.actions);
    expect(spec['match']?.maxItems).toBe(ALERT_ROUTE_LIMITS.matchers);
    expect(spec['match']?.items.maxLength).toBe(ALERT_ROUTE_LIMITS.matcherChars);
  });

  it('the chart ships the same file', () => {
    expect(
      readFileSync(join(root, 'charts/kubetalk/crds/kubetalk.io_alertroutes.yaml'), 'utf8'),
      'cp crds/*.yaml charts/kubetalk/crds/',
    ).toBe(text);
  });
});
