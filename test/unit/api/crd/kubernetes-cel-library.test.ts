// The Kubernetes CEL extension functions that @marcbachmann/cel-js lacks, registered in kubernetes-cel-library.ts.
import { describe, expect, it } from 'vitest';
import {
  compileRule,
  evaluateRules,
  isTransitionRule,
  toCel,
} from '../../../../src/api/crd/evaluate-rules.ts';

const run = (rule: string, self: unknown = null): unknown => compileRule(rule)({ self });

describe('Kubernetes CEL library', () => {
  it.each([
    ["'héllo'.charAt(1)", 'é'],
    ["'a-b-c'.replace('-', '.')", 'a.b.c'],
    ["'abc'.reverse()", 'cba'],
    ["'key=value'.find('[a-z]+')", 'key'],
    ["'a1b22'.findAll('[0-9]+')", ['1', '22']],
    ['[1, 2, 2].isSorted()', true],
    ["['b', 'a'].isSorted()", false],
    ['[1, 2, 3].sum()', 6n],
    ['[3, 1, 2].min()', 1n],
    ['[3, 1, 2].max()', 3n],
    ["['a', 'b', 'a'].indexOf('a')", 0n],
    ["['a', 'b', 'a'].lastIndexOf('a')", 2n],
    ["isURL('https://example.com/x')", true],
    ["isURL('not a url')", false],
  ])('%s → %o', (rule, expected) => {
    expect(run(rule)).toEqual(expected);
  });

  it('keeps the standard library our CRDs use: has, in, size, matches, startsWith, all/exists, ternaries', () => {
    const self = toCel(
      {
        type: 'object',
        properties: { n: { type: 'integer' }, l: { type: 'array', items: { type: 'string' } } },
      },
      { n: 2, l: ['a', 'help me'] },
    );
    expect(run("has(self.l) && !has(self.m) && 'a' in self.l && size(self.l) == self.n", self)).toBe(true);
    expect(
      run(
        "self.l.exists(x, x.matches('^(help|帮助)( |$)')) && self.l.all(x, !x.startsWith('system:'))",
        self,
      ),
    ).toBe(true);
    expect(run('(has(self.l) ? 1 : 0) + (has(self.m) ? 1 : 0) == 1', self)).toBe(true);
  });

  it('types integers as int and other numbers as double, as the API server does', () => {
    expect(toCel({ type: 'integer' }, 3)).toBe(3n);
    expect(toCel({ type: 'number' }, 3)).toBe(3);
  });

  it('fails to compile a function neither the library nor the Kubernetes additions have', () => {
    expect(() => compileRule("quantity('1Gi').isGreaterThan(quantity('1Mi'))")).toThrow();
  });

  it('skips transition rules (oldSelf) on creates, as the API server does', () => {
    expect(isTransitionRule({ rule: 'self == oldSelf' })).toBe(true);
    const schema = {
      type: 'string' as const,
      'x-kubernetes-validations': [
        { rule: 'self == oldSelf', message: 'immutable' },
        { rule: "self != 'x'", message: 'not x' },
      ],
    };
    expect(evaluateRules(schema, 'x', 'spec.id')).toEqual([{ path: 'spec.id', message: 'not x' }]);
  });

  it('reports a rule that cannot be evaluated with its message, and places fieldPath rules at the field', () => {
    const schema = {
      type: 'object' as const,
      properties: { a: { type: 'string' as const } },
      'x-kubernetes-validations': [
        { rule: "self.b == 'c'", message: 'b must be c' },
        { rule: "self.a != 'x'", message: 'a must not be x', fieldPath: '.a' },
      ],
    };
    const [unevaluable, failed, ...rest] = evaluateRules(schema, { a: 'x' }, 'spec');
    expect(unevaluable?.path).toBe('spec');
    expect(unevaluable?.message).toMatch(/^b must be c \(the rule could not be evaluated: .+\)$/);
    expect(failed).toEqual({ path: 'spec.a', message: 'a must not be x' });
    expect(rest).toEqual([]);
  });
});
