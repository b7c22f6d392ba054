// Every ChatCommand fixture gets its verdict from the CRD itself (src/api/crd: schema, defaults, CEL), and the
// runtime-only checks catch what the CRD cannot say. test/e2e/validate-vs-api-server.test.ts holds the same table
// against the real API server.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { evaluateRules } from '../../../src/api/crd/evaluate-rules.ts';
import { validateCustomResource } from '../../../src/api/crd/validate-custom-resource.ts';
import { validateChatCommand } from '../../../src/api/validate-chat-command.ts';

const dir = fileURLToPath(new URL('../../fixtures/chatcommands/', import.meta.url));

interface Fixture {
  readonly file: string;
  readonly expect: 'valid' | 'invalid' | 'invalid-at-runtime';
  readonly problem?: string;
  readonly object: unknown;
}

function readFixture(file: string): Fixture {
  const text = readFileSync(`${dir}${file}`, 'utf8');
  const expectation = /^# expect: (valid|invalid|invalid-at-runtime)$/m.exec(text)?.[1];
  if (!expectation) throw new Error(`${file}: no "# expect:" line`);
  const problem = /^# problem: (.+)$/m.exec(text)?.[1];
  return {
    file,
    expect: expectation as Fixture['expect'],
    ...(problem ? { problem } : {}),
    object: load(text),
  };
}

const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map(readFixture);

describe('fixtures', () => {
  it('cover both verdicts and name their expectation in the file name', () => {
    expect(fixtures.filter((f) => f.expect === 'valid').length).toBeGreaterThanOrEqual(8);
    expect(fixtures.filter((f) => f.expect === 'invalid').length).toBeGreaterThanOrEqual(25);
    for (const f of fixtures) expect(f.file.startsWith(`${f.expect}-`), f.file).toBe(true);
  });
});

describe.each(fixtures)('$file', (fixture) => {
  const crd = validateCustomResource(fixture.object, { rules: evaluateRules });
  const result = validateChatCommand(fixture.object);
  const problems = result.ok ? [] : result.problems;

  if (fixture.expect === 'valid') {
    it('is accepted, with the CRD defaults applied', () => {
      expect(problems).toEqual([]);
      expect(crd.ok).toBe(true);
      if (!result.ok || !crd.ok) return;
      const stored = crd.object as { spec: unknown; status?: unknown };
      expect(result.command.spec).toEqual(stored.spec);
      expect(result.command.status).toEqual(stored.status);
    });
    return;
  }

  it(
    fixture.expect === 'invalid' ? 'is rejected by the CRD' : 'is accepted by the CRD (runtime-only check)',
    () => {
      expect(crd.ok).toBe(fixture.expect !== 'invalid');
    },
  );

  it(`is rejected by the validator: ${fixture.problem ?? '(no problem text)'}`, () => {
    expect(result.ok).toBe(false);
    expect(fixture.problem).toBeDefined();
    expect(problems.join('\n')).toContain(fixture.problem);
  });
});
