import { describe, expect, it } from 'vitest';
import { matchesAll, matchesLabel, parseMatcher, type Matcher } from '../../../src/alerts/matchers.ts';

const m = (text: string): Matcher => {
  const p = parseMatcher(text);
  if (!p.ok) throw new Error(p.problem);
  return p.matcher;
};

describe('Alertmanager matchers', () => {
  it.each([
    ['severity=critical', { severity: 'critical' }, true],
    ['severity="critical"', { severity: 'critical' }, true],
    ['severity = "critical"', { severity: 'warning' }, false],
    ['severity!=critical', { severity: 'warning' }, true],
    ['severity!=""', {}, false],
    ['severity=""', {}, true],
    ['severity=~"crit.*"', { severity: 'critical' }, true],
    ['severity=~"crit"', { severity: 'critical' }, false],
    ['severity=~"critical|warning"', { severity: 'warning' }, true],
    ['severity!~"info|none"', { severity: 'critical' }, true],
    ['severity!~"info|none"', { severity: 'info' }, false],
    ['team=~".+"', {}, false],
    ['msg="say \\"hi\\""', { msg: 'say "hi"' }, true],
  ] as const)('%s on %j → %s', (text, labels, want) => {
    expect(matchesLabel(m(text), labels)).toBe(want);
  });

  it('anchors regexes as Alertmanager does: the whole value must match', () => {
    expect(matchesLabel(m('pod=~"web"'), { pod: 'web-1' })).toBe(false);
    expect(matchesLabel(m('pod=~"web|api"'), { pod: 'xapi' })).toBe(false);
  });

  it('all matchers must hold; none matches everything', () => {
    expect(matchesAll([], { a: '1' })).toBe(true);
    expect(matchesAll([m('a=1'), m('b!=2')], { a: '1', b: '2' })).toBe(false);
  });

  it('matches in linear time even for a catastrophic pattern (RE2, no backtracking)', () => {
    const evil = m('v=~"(a+)+b"');
    const start = process.hrtime.bigint();
    expect(matchesLabel(evil, { v: `${'a'.repeat(5000)}c` })).toBe(false);
    // A backtracking engine needs longer than the universe; 1 s is a generous bound for a linear one.
    expect(Number(process.hrtime.bigint() - start) / 1e6).toBeLessThan(1000);
  });

  it.each(['severity', '=x', '1abc=x', 'a=~"("', 'a="open', 'a="bad\\q"', `a=${'x'.repeat(2000)}`])(
    'refuses %s with a reason',
    (text) => {
      const p = parseMatcher(text);
      expect(p.ok).toBe(false);
    },
  );

  it('a label named like a prototype key is just a label', () => {
    expect(matchesLabel(m('constructor=""'), {})).toBe(true);
    expect(matchesLabel(m('__proto__="x"'), {})).toBe(false);
  });
});
