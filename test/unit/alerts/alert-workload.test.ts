import { describe, expect, it } from 'vitest';
import { alertWorkload, workloadsOf } from '../../../src/alerts/alert-workload.ts';
import { alert } from './fixtures.ts';

describe('the workload an alert names', () => {
  it('reads deployment, statefulset or daemonset, in the route’s namespace', () => {
    expect(alertWorkload(alert({ deployment: 'web', namespace: 'x' }), 'shop')).toEqual({
      kind: 'Deployment',
      namespace: 'shop',
      name: 'web',
    });
    expect(alertWorkload(alert({ statefulset: 'db' }), 'shop')?.kind).toBe('StatefulSet');
    expect(alertWorkload(alert({ daemonset: 'agent' }), 'shop')?.kind).toBe('DaemonSet');
  });

  it.each(['../web', 'Web', 'web db', '', 'a'.repeat(254)])('looks up nothing for %j', (name) => {
    expect(alertWorkload(alert({ deployment: name }), 'shop')).toBeUndefined();
  });

  it('one diagnosis per workload, firing alerts only, bounded', () => {
    const alerts = [
      alert({ deployment: 'web', pod: '1' }, { fingerprint: 'f1' }),
      alert({ deployment: 'web', pod: '2' }, { fingerprint: 'f2' }),
      alert({ deployment: 'api' }, { fingerprint: 'f3', status: 'resolved' }),
      alert({ deployment: 'a' }, { fingerprint: 'f4' }),
      alert({ deployment: 'b' }, { fingerprint: 'f5' }),
    ];
    expect(workloadsOf(alerts, 'shop', 2).map((w) => [w.workload.name, w.fingerprint])).toEqual([
      ['web', 'f1'],
      ['a', 'f4'],
    ]);
  });
});
