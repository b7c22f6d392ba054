import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatLabelSelector, matchesLabelSelector } from '../../../src/actions/label-selector.ts';

const labels = { app: 'web', tier: 'front', chat: 'enabled' };

describe('matchesLabelSelector', () => {
  it('matches everything with an empty selector', () => {
    expect(matchesLabelSelector({}, labels)).toBe(true);
    expect(matchesLabelSelector({}, undefined)).toBe(true);
  });

  it('requires every matchLabels pair', () => {
    expect(matchesLabelSelector({ matchLabels: { app: 'web', chat: 'enabled' } }, labels)).toBe(true);
    expect(matchesLabelSelector({ matchLabels: { app: 'web', chat: 'disabled' } }, labels)).toBe(false);
    expect(matchesLabelSelector({ matchLabels: { missing: '' } }, labels)).toBe(false);
    expect(matchesLabelSelector({ matchLabels: { app: 'web' } }, undefined)).toBe(false);
  });

  it('implements In, NotIn, Exists and DoesNotExist like the API server', () => {
    const m = (operator: string, key: string, values?: string[]): boolean =>
      matchesLabelSelector({ matchExpressions: [{ key, operator, ...(values ? { values } : {}) }] }, labels);
    expect(m('In', 'tier', ['front', 'edge'])).toBe(true);
    expect(m('In', 'tier', ['back'])).toBe(false);
    expect(m('In', 'absent', ['x'])).toBe(false);
    expect(m('NotIn', 'tier', ['back'])).toBe(true);
    expect(m('NotIn', 'tier', ['front'])).toBe(false);
    // NotIn also matches when the label is missing altogether.
    expect(m('NotIn', 'absent', ['x'])).toBe(true);
    expect(m('Exists', 'app')).toBe(true);
    expect(m('Exists', 'absent')).toBe(false);
    expect(m('DoesNotExist', 'absent')).toBe(true);
    expect(m('DoesNotExist', 'app')).toBe(false);
  });

  it('ANDs matchLabels and all expressions', () => {
    const selector = {
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['front'] },
        { key: 'canary', operator: 'DoesNotExist' },
      ],
    };
    expect(matchesLabelSelector(selector, labels)).toBe(true);
    expect(matchesLabelSelector(selector, { ...labels, canary: 'true' })).toBe(false);
  });

  it('rejects selectors the API server would reject, rather than matching by accident', () => {
    expect(() =>
      matchesLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }, labels),
    ).toThrow(/unknown operator/);
    expect(() =>
      matchesLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, labels),
    ).toThrow(/needs values/);
    expect(() =>
      matchesLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, labels),
    ).toThrow(/takes no values/);
  });

  it('a matchLabels selector matches exactly the label sets that contain it', () => {
    const record = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), fc.constantFrom('1', '2'));
    fc.assert(
      fc.property(record, record, (selector, have) => {
        const contains = Object.entries(selector).every(([k, v]) => have[k] === v);
        expect(matchesLabelSelector({ matchLabels: selector }, have)).toBe(contains);
      }),
    );
  });
});

describe('formatLabelSelector', () => {
  it('writes the query-parameter form', () => {
    expect(
      formatLabelSelector({
        matchLabels: { app: 'web' },
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['a', 'b'] },
          { key: 'env', operator: 'NotIn', values: ['dev'] },
          { key: 'chat', operator: 'Exists' },
          { key: 'canary', operator: 'DoesNotExist' },
        ],
      }),
    ).toBe('app=web,tier in (a,b),env notin (dev),chat,!canary');
    expect(formatLabelSelector({})).toBe('');
  });
});
