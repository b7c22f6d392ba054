// The true latest time of an event, and an object's events: all of them, newest first.
import { describe, expect, it } from 'vitest';
import { computeLatestTime, formatEvent, selectEvents } from '../../../../src/actions/diagnose/event-time.ts';
import { ago, event, NOW, podRef } from './builders.ts';

describe('computeLatestTime', () => {
  it('takes the largest of lastTimestamp, eventTime and series.lastObservedTime', () => {
    const core = event(podRef('a'), 'Unhealthy', 'x', { lastTimestamp: ago(30) });
    expect(computeLatestTime(core)).toBe(ago(30).getTime());
    // events.k8s.io/v1 writers (the scheduler) leave lastTimestamp empty and move series.lastObservedTime only.
    const series = event(podRef('a'), 'FailedScheduling', 'x', {
      lastTimestamp: undefined,
      eventTime: ago(600),
      series: { count: 7, lastObservedTime: ago(5) },
    });
    expect(computeLatestTime(series)).toBe(ago(5).getTime());
    const stale = event(podRef('a'), 'Failed', 'x', { lastTimestamp: ago(900), eventTime: ago(100) });
    expect(computeLatestTime(stale)).toBe(ago(100).getTime());
  });
});

describe('selectEvents', () => {
  it('keeps every event of the object, newest first, and drops a same-named object with another uid', () => {
    const events = [
      event(podRef('a'), 'Unhealthy', 'Readiness probe failed: 503', { lastTimestamp: ago(200) }),
      event(podRef('a'), 'Pulled', 'pulled', {
        type: 'Normal',
        lastTimestamp: undefined,
        series: { count: 2, lastObservedTime: ago(10) },
      }),
      event({ kind: 'Pod', name: 'a', uid: 'old' }, 'Failed', 'old pod'),
      event(podRef('b'), 'Failed', 'other pod'),
    ];
    const mine = selectEvents(events, podRef('a'));
    expect(mine.map((e) => e.reason)).toEqual(['Pulled', 'Unhealthy']);
  });

  it('formats an evidence line with count and age, on one line', () => {
    const e = event(podRef('a'), 'Unhealthy', 'Readiness probe failed:\n  503', {
      count: 12,
      lastTimestamp: ago(120),
    });
    expect(formatEvent(e, NOW)).toBe('Warning Unhealthy (×12, 2m ago): Readiness probe failed: 503');
  });
});
