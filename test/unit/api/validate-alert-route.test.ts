import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { AlertRoute } from '../../../src/api/alert-route.ts';
import { decodeAdmittedAlertRoute } from '../../../src/api/alert-route-from-crd.ts';
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
    ['no destination', { to: {} }, 'spec.to: to needs exactly one of conversationId or robot'],
    [
      'two destinations',
      { to: { conversationId: 'c', robot: { secretName: 's' } } },
      'spec.to: to needs exactly one of conversationId or robot',
    ],
    ['no spec.to', {}, 'spec.to: is required'],
    [
      'a bad matcher',
      { to: { conversationId: 'c' }, match: ['severity'] },
      'spec.match[0]: must be a matcher name=value, name!=value, name=~regex or name!~regex (name: letters, digits and _)',
    ],
    [
      'a bad regex',
      { to: { conversationId: 'c' }, match: ['a=~"("'] },
      'spec.match[0]: "a=~"("": not a valid RE2 regular expression (',
    ],
    [
      'a free-text placeholder',
      { to: { conversationId: 'c' }, actions: [{ title: 'x', command: 'restart {{ annotations.x }}' }] },
      'spec.actions[0].command: must be one line whose only placeholders are {{ labels.NAME }}',
    ],
    [
      'a multi-line command',
      { to: { conversationId: 'c' }, actions: [{ title: 'x', command: 'a\nb' }] },
      'spec.actions[0].command: must be one line whose only placeholders are {{ labels.NAME }}',
    ],
    [
      'a blank title',
      { to: { conversationId: 'c' }, actions: [{ title: '  ', command: 'x' }] },
      'spec.actions[0].title: must not be blank',
    ],
    [
      'a bad Secret name',
      { to: { robot: { secretName: 'Bad_Name' } } },
      "spec.to.robot.secretName: must be a Secret name (lowercase letters, digits, '-' and '.')",
    ],
    ['a bad locale', { to: { conversationId: 'c' }, locale: 'fr' }, 'spec.locale: must be one of en, zh-CN'],
    [
      'a staff id with spaces',
      { to: { conversationId: 'c' }, mentions: { staffIds: ['a b'] } },
      'spec.mentions.staffIds[0]: must be printable ASCII without spaces',
    ],
    [
      'a label name that starts with a digit',
      { to: { conversationId: 'c' }, mentions: { byLabel: { label: '1team', staffIds: { a: ['b'] } } } },
      'spec.mentions.byLabel.label: must be a label name (letters, digits and _, not starting with a digit)',
    ],
    [
      'six buttons',
      {
        to: { conversationId: 'c' },
        actions: Array.from({ length: 6 }, () => ({ title: 't', command: 'c' })),
      },
      'spec.actions: must have at most 5 items',
    ],
    [
      'a string for diagnose',
      { to: { conversationId: 'c' }, diagnose: 'yes' },
      'spec.diagnose: must be true or false',
    ],
  ])('refuses %s', (_name, spec, message) => {
    const r = validateAlertRoute(obj(spec));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join('\n')).toContain(message);
  });

  it('needs a namespace, or takes the one it is given', () => {
    const { namespace: _, ...metadata } = obj({}).metadata;
    const route = { ...obj({ to: { conversationId: 'c' } }), metadata };
    const r = validateAlertRoute(route);
    expect(r.ok ? [] : r.problems).toEqual(['metadata.namespace: is required (AlertRoutes are namespaced)']);
    const given = validateAlertRoute(route, { defaultNamespace: 'ops' });
    expect(given.ok && given.route.metadata.namespace).toBe('ops');
  });

  it('decodes an admitted object without the CEL rules (they ran at admission)', () => {
    const both = obj({ to: { conversationId: 'c', robot: { secretName: 's' } } });
    expect(validateAlertRoute(both).ok).toBe(false);
    expect(decodeAdmittedAlertRoute(both).ok).toBe(true);
    // What the CRD cannot say is still checked.
    const r = decodeAdmittedAlertRoute(obj({ to: { conversationId: 'c' }, match: ['a=~"("'] }));
    expect(r.ok ? [] : r.problems).toEqual([expect.stringMatching(/^spec\.match\[0\]: .*RE2/)]);
  });
});

describe('AlertRoute fixtures', () => {
  const dir = join(root, 'test/fixtures/alertroutes');
  const fixtures = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      return {
        file,
        expect: /^# expect: (\S+)$/m.exec(text)?.[1],
        problem: /^# problem: (.+)$/m.exec(text)?.[1],
        object: load(text),
      };
    });
  it.each(fixtures.map((f) => [f.file, f] as const))('%s', (file, f) => {
    expect(file.startsWith(`${f.expect ?? '?'}-`)).toBe(true);
    const offline = validateAlertRoute(f.object);
    const admitted = decodeAdmittedAlertRoute(f.object);
    if (f.expect === 'valid') {
      expect(offline.ok ? [] : offline.problems).toEqual([]);
      return;
    }
    expect(offline.ok ? [] : offline.problems.join('\n')).toContain(f.problem);
    // A runtime-only problem is the controller's to find too; the others are left to admission.
    if (f.expect === 'invalid-at-runtime') expect(admitted.ok).toBe(false);
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

describe('AlertRoute CRD', () => {
  const text = readFileSync(join(root, 'crds/kubetalk.io_alertroutes.yaml'), 'utf8');
  it('the chart ships the same file', () => {
    expect(
      readFileSync(join(root, 'charts/kubetalk/crds/kubetalk.io_alertroutes.yaml'), 'utf8'),
      'cp crds/*.yaml charts/kubetalk/crds/',
    ).toBe(text);
  });
});
