// kubetalk validate: the fixture table, trigger collisions across files, YAML errors, stdin, JSON for CI.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ValidationReport } from '../../../src/cli/check-chat-commands.ts';
import { UsageError } from '../../../src/cli/parse-options.ts';
import { runValidate } from '../../../src/cli/run-validate.ts';
import { captureIo } from './support/capture-io.ts';

const SCHEMA_FIXTURES = 'test/fixtures/chatcommands';
const HERE = 'test/unit/cli/fixtures';

async function validate(args: string[], stdin?: string): Promise<{ code: number; out: string }> {
  const io = captureIo(stdin === undefined ? {} : { stdin });
  const code = await runValidate(args, io);
  return { code, out: io.out() };
}

async function validateJson(
  args: string[],
  stdin?: string,
): Promise<{ code: number; report: ValidationReport }> {
  const { code, out } = await validate([...args, '-o', 'json'], stdin);
  return { code, report: JSON.parse(out) as ValidationReport };
}

describe('kubetalk validate: the schema fixtures', () => {
  const fixtures = readdirSync(SCHEMA_FIXTURES).filter((f) => f.endsWith('.yaml'));

  it.each(fixtures)('%s: exit code follows its "# expect:" line, and its problem is named', async (file) => {
    const text = readFileSync(join(SCHEMA_FIXTURES, file), 'utf8');
    const expectValid = /^# expect: valid$/m.test(text);
    const { code, out } = await validate(['-f', join(SCHEMA_FIXTURES, file)]);
    expect(code).toBe(expectValid ? 0 : 1);
    expect(out).toContain(`${SCHEMA_FIXTURES}/${file}:`);
    expect(out).toMatch(expectValid ? /ChatCommand \S+ {2}valid/ : /invalid\n/);
    const problem = /^# problem: (.+)$/m.exec(text)?.[1];
    if (problem !== undefined) expect(out).toContain(problem);
  });
});

describe('kubetalk validate: collisions', () => {
  it('finds an alias of one command colliding with the trigger of another, across files', async () => {
    const { code, report } = await validateJson(['-f', `${HERE}/team-a.yaml`, '-f', `${HERE}/team-b.yaml`]);
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.conflicts).toEqual([
      {
        phrase: '扩容',
        conversations: ['cidShared=='],
        commands: [
          { file: `${HERE}/team-b.yaml`, document: 1, line: 3, namespace: 'team-a', name: 'grow-api' },
          { file: `${HERE}/team-a.yaml`, document: 2, line: 6, namespace: 'team-a', name: 'scale-web' },
        ],
      },
    ]);
    // "logs" exists in both teams, but in different conversations: no collision.
    expect(report.conflicts.map((c) => c.phrase)).not.toContain('logs');
  });

  it('does not report the same trigger in two namespaces: chat lists them and -n picks one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubetalk-validate-'));
    const b = readFileSync(`${HERE}/team-b.yaml`, 'utf8').replace(
      'namespace: team-a }',
      'namespace: team-b }',
    );
    writeFileSync(join(dir, 'b.yaml'), b);
    const { code, report } = await validateJson(['-f', `${HERE}/team-a.yaml`, '-f', join(dir, 'b.yaml')]);
    expect(report.conflicts).toEqual([]);
    expect(code).toBe(0);
  });

  it('passes each team file on its own', async () => {
    expect((await validate(['-f', `${HERE}/team-a.yaml`])).code).toBe(0);
    expect((await validate(['-f', `${HERE}/team-b.yaml`])).code).toBe(0);
  });

  it('reports a wildcard against a wildcard inside one List', async () => {
    const { code, out } = await validate(['-f', `${HERE}/everywhere.yaml`]);
    expect(code).toBe(1);
    expect(out).toMatch(
      /trigger conflict: "status" is answered by shop\/status-api .* and shop\/status-web .* in every conversation/,
    );
    expect(out).toContain('(doc 1, item 1)');
  });

  it('refuses the same object twice', async () => {
    const { code, out } = await validate(['-f', `${HERE}/team-a.yaml`, '-f', `${HERE}/team-a.yaml`]);
    expect(code).toBe(1);
    expect(out).toContain(`team-a/scale-web is also defined at ${HERE}/team-a.yaml:6 (doc 2)`);
  });
});

describe('kubetalk validate: documents and sources', () => {
  it('reports every document of a file: a valid one, unreadable YAML with its line, and schema errors', async () => {
    const { code, out } = await validate(['-f', `${HERE}/broken.yaml.txt`]);
    expect(code).toBe(1);
    expect(out).toContain(`${HERE}/broken.yaml.txt:2 (doc 1)  ChatCommand shop/ok  valid`);
    expect(out).toMatch(
      /broken\.yaml\.txt:11 \(doc 2\) {2}YAML document {2}invalid\n {4}YAML: .*\(line 13, column \d+\)/,
    );
    expect(out).toContain(`${HERE}/broken.yaml.txt:15 (doc 3)  ChatCommand shop/bad  invalid`);
    expect(out).toContain('spec.trigger: must be 1–3 words');
    expect(out).toContain('spec.action.scale.maxReplicas: must be at most 1000');
    expect(out).toContain('1 valid, 1 invalid, 1 unreadable YAML document');
  });

  it('skips other kinds and says so', async () => {
    const { report } = await validateJson(['-f', `${HERE}/team-a.yaml`]);
    expect(report.objects.map((o) => `${o.kind}:${o.status}`)).toEqual([
      'ServiceAccount:skipped',
      'ChatCommand:valid',
      'ChatCommand:valid',
    ]);
  });

  it('needs a namespace, or -n for objects without one', async () => {
    const without = await validate(['-f', `${HERE}/no-namespace.yaml`]);
    expect(without.code).toBe(1);
    expect(without.out).toContain('or pass -n NAMESPACE');
    const withNs = await validateJson(['-f', `${HERE}/no-namespace.yaml`, '-n', 'shop']);
    expect(withNs.code).toBe(0);
    expect(withNs.report.objects[0]?.namespace).toBe('shop');
  });

  it('warns about a command that grants nobody, and fails on it only with --strict', async () => {
    const file = `${SCHEMA_FIXTURES}/valid-grants-nobody.yaml`;
    const relaxed = await validate(['-f', file]);
    expect(relaxed.code).toBe(0);
    expect(relaxed.out).toContain('warning: NobodyAllowed: This command can never run');
    expect((await validate(['-f', file, '--strict'])).code).toBe(1);
  });

  it('reads stdin with -f -, and directories of manifests', async () => {
    const text = readFileSync(`${HERE}/everywhere.yaml`, 'utf8');
    const piped = await validateJson(['-f', '-'], text);
    expect(piped.code).toBe(1);
    expect(piped.report.objects[0]?.file).toBe('<stdin>');
    const dir = mkdtempSync(join(tmpdir(), 'kubetalk-validate-'));
    writeFileSync(join(dir, 'a.yaml'), readFileSync(`${HERE}/team-a.yaml`));
    writeFileSync(join(dir, 'b.yml'), readFileSync(`${HERE}/team-b.yaml`));
    writeFileSync(join(dir, 'notes.txt'), 'not a manifest');
    const { report } = await validateJson(['-f', dir]);
    expect(new Set(report.objects.map((o) => o.file))).toEqual(
      new Set([join(dir, 'a.yaml'), join(dir, 'b.yml')]),
    );
    expect(report.conflicts).toHaveLength(1);
  });

  it('gives CI a JSON report', async () => {
    const { code, report } = await validateJson(['-f', `${HERE}/broken.yaml.txt`]);
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.objects[2]).toMatchObject({
      file: `${HERE}/broken.yaml.txt`,
      document: 3,
      line: 15,
      kind: 'ChatCommand',
      namespace: 'shop',
      name: 'bad',
      status: 'invalid',
    });
  });

  it.each([
    [[], /no input/],
    [['scale.yaml'], /name files with -f/],
    [['-f', '-', '-f', '-'], /only once/],
    [['-f', `${HERE}/team-a.yaml`, '-o', 'yaml'], /--output must be text or json/],
    [['-f', `${HERE}/missing.yaml`], /cannot read .*missing\.yaml/],
  ])('refuses %j as a usage error', async (args, message) => {
    await expect(runValidate(args, captureIo())).rejects.toThrow(UsageError);
    await expect(runValidate(args, captureIo())).rejects.toThrow(message);
  });
});
