import { describe, expect, it } from 'vitest';
import { selectRoutes } from '../../../src/alerts/select-routes.ts';
import { alert, route } from './fixtures.ts';

describe('tenancy and matching', () => {
  const a = route('a', 'all');
  const b = route('b', 'all');
  const bCritical = route('b', 'critical', { match: ['severity="critical"'] });
  const ops = route('ops', 'cluster');

  it('a route sees only alerts labelled with its own namespace', () => {
    const s = selectRoutes([alert({ alertname: 'X', namespace: 'a' })], [a, b, bCritical], []);
    expect(s.routed.map((r) => r.route.key)).toEqual(['a/all']);
  });

  it('a match-everything route in b receives nothing of a’s, and a’s alert counts as dropped by tenancy when only b matches', () => {
    const s = selectRoutes([alert({ alertname: 'X', namespace: 'a' })], [b], []);
    expect(s.routed).toEqual([]);
    expect(s.droppedByTenancy).toBe(1);
  });

  it('a namespace matcher cannot widen a route: b asking for namespace="a" still sees nothing of a', () => {
    const sneaky = route('b', 'sneaky', { match: ['namespace="a"'] });
    const s = selectRoutes([alert({ alertname: 'X', namespace: 'a' })], [sneaky], []);
    expect(s.routed).toEqual([]);
  });

  it('alerts without a namespace reach only routes in the configured cluster-wide namespaces', () => {
    const noNs = alert({ alertname: 'NodeDown' });
    expect(selectRoutes([noNs], [a, ops], []).routed).toEqual([]);
    expect(selectRoutes([noNs], [a, ops], ['ops']).routed.map((r) => r.route.key)).toEqual(['ops/cluster']);
    // An empty namespace label is no namespace.
    expect(
      selectRoutes([alert({ alertname: 'X', namespace: '' })], [a, ops], ['ops']).routed.map(
        (r) => r.route.key,
      ),
    ).toEqual(['ops/cluster']);
  });

  it('a cluster-wide namespace’s routes do not see other namespaces’ alerts', () => {
    expect(selectRoutes([alert({ alertname: 'X', namespace: 'a' })], [ops], ['ops']).routed).toEqual([]);
  });

  it('splits one group by route and counts unmatched alerts', () => {
    const alerts = [
      alert({ alertname: 'X', namespace: 'b', severity: 'critical', pod: '1' }),
      alert({ alertname: 'X', namespace: 'b', severity: 'warning', pod: '2' }),
      alert({ alertname: 'X', namespace: 'c', pod: '3' }),
    ];
    const s = selectRoutes(alerts, [b, bCritical], []);
    const byKey = Object.fromEntries(s.routed.map((r) => [r.route.key, r.alerts.length]));
    expect(byKey).toEqual({ 'b/all': 2, 'b/critical': 1 });
    // b/all matches everything, so c's alert was kept out by tenancy, not by matchers.
    expect(s.droppedByTenancy).toBe(1);
    expect(s.unmatched).toBe(0);
    expect(selectRoutes([alert({ alertname: 'X', namespace: 'c' })], [bCritical], []).unmatched).toBe(1);
  });
});
