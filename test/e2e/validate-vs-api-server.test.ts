// One table, two judges: every CRD fixture (test/fixtures/<plural>/*.yaml with an "# expect:" line) goes through
// `kubetalk validate` (the bundled CLI, offline) and through the real API server's server-side dry-run create
// (dryRun=All, strict field validation). Verdicts must agree, and for invalid fixtures both must name the same
// fields, and the same message for every CEL rule; the few differences are by design and listed below.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../tools/local-cluster/index.ts';
import { installCrd } from '../support/chat-harness.ts';
import {
  clusterUnavailableReason,
  createTestNamespace,
  deleteTestNamespace,
  getTestCluster,
} from '../support/cluster.ts';
import { runCli } from './cli/cli-rig.ts';

const skip = clusterUnavailableReason() !== '';
const fixturesRoot = join(repoRoot, 'test/fixtures');

/** Where the two verdicts differ on purpose, and why. */
const BY_DESIGN: Record<string, string> = {
  'invalid-status-duplicate-condition.yaml':
    'the API server drops status on create (status subresource); validate checks it, as the controller writes it',
};

interface Fixture {
  readonly id: string;
  readonly file: string;
  readonly expect: 'valid' | 'invalid' | 'invalid-at-runtime';
  readonly problem: string | undefined;
  /** The API server's own words for the (first) problem, recorded from a real run. */
  readonly apiServer: string | undefined;
  readonly object: { kind: string; metadata: { name: string; namespace?: string } } & Record<string, unknown>;
}

const fixtures: Fixture[] = readdirSync(fixturesRoot)
  .filter((d) => statSync(join(fixturesRoot, d)).isDirectory())
  .flatMap((dir) =>
    readdirSync(join(fixturesRoot, dir))
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((file) => ({ dir, file, text: readFileSync(join(fixturesRoot, dir, file), 'utf8') }))
      .filter(({ text }) => /^# expect: /m.test(text))
      .map(({ dir, file, text }) => ({
        id: `${dir}/${file}`,
        file,
        expect: /^# expect: (\S+)$/m.exec(text)?.[1] as Fixture['expect'],
        problem: /^# problem: (.+)$/m.exec(text)?.[1],
        apiServer: /^# api-server: (.+)$/m.exec(text)?.[1],
        object: load(text) as Fixture['object'],
      })),
  );

/** The messages of every CEL rule in crds/: these the API server must quote word for word. */
const celMessages = readdirSync(join(repoRoot, 'crds'))
  .flatMap((f) => [...readFileSync(join(repoRoot, 'crds', f), 'utf8').matchAll(/^\s*message: (.+)$/gm)])
  .map((m) => (m[1] ?? '').replace(/^['"]|['"]$/g, ''));

interface CliObject {
  readonly file: string;
  readonly status: 'valid' | 'invalid' | 'skipped';
  readonly problems: readonly string[];
}

describe.skipIf(skip)('kubetalk validate and the API server agree on every CRD fixture', () => {
  let ns = '';
  let dir = '';
  const cli = new Map<string, CliObject>();

  beforeAll(async () => {
    installCrd();
    ns = await createTestNamespace('verdicts');
    dir = mkdtempSync(join(tmpdir(), 'kubetalk-verdicts-'));
    // One file per fixture, each object under its own name so that none replaces another in one validate run.
    const paths = new Map<string, string>();
    fixtures.forEach((f, i) => {
      const path = join(dir, `${String(i).padStart(3, '0')}-${f.file}`);
      writeFileSync(path, JSON.stringify(placed(f, ns)));
      paths.set(path, f.id);
    });
    const { code, stdout, stderr } = await runCli(['validate', '-f', dir, '-o', 'json']);
    expect(code, stderr).toBe(1);
    const report = JSON.parse(stdout) as { objects: CliObject[] };
    for (const o of report.objects) cli.set(paths.get(o.file) ?? basename(o.file), o);
  }, 120_000);

  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (ns) await deleteTestNamespace(ns);
  });

  it('has fixtures of every kind in crds/ that people write, valid and invalid', () => {
    const kinds = new Set(fixtures.map((f) => f.object.kind));
    // ChatRequests are written by kubetalk itself; validate skips them (docs/design/0012-approvals.md).
    expect([...kinds].sort()).toEqual(['AlertRoute', 'ChatCommand', 'ChatIdentity']);
    for (const kind of kinds) {
      const of = fixtures.filter((f) => f.object.kind === kind);
      expect(of.some((f) => f.expect === 'valid') && of.some((f) => f.expect === 'invalid'), kind).toBe(true);
    }
  });

  it.each(fixtures.map((f) => [f.id, f] as const))('%s', (_id, f) => {
    const offline = cli.get(f.id);
    expect(offline, 'validate reported the object').toBeDefined();
    const server = dryRunCreate(placed(f, ns));
    const offlineText = (offline?.problems ?? []).join('\n');
    if (f.expect === 'valid') {
      expect(offline?.problems).toEqual([]);
      expect(offline?.status).toBe('valid');
      expect(server.accepted, server.message).toBe(true);
      expect(server.message).toContain('created (server dry run)');
      return;
    }
    expect(offline?.status).toBe('invalid');
    expect(offlineText).toContain(f.problem ?? '(every invalid fixture names its problem)');
    if (f.expect === 'invalid-at-runtime' || BY_DESIGN[f.file]) {
      // The API server cannot express the rule (or never sees the field); the controller reports InvalidSpec.
      expect(server.accepted, BY_DESIGN[f.file] ?? 'a runtime-only rule').toBe(true);
      return;
    }
    expect(server.accepted, 'the API server accepted an invalid object').toBe(false);
    expect(
      f.apiServer,
      "every invalid fixture records the API server's message (# api-server:)",
    ).toBeDefined();
    expect(server.message).toContain(f.apiServer);
    if (server.message.includes('some validation rules were not checked')) {
      // A wrong type, a missing field or a value outside an enum stops the CEL rules in both.
      const celReported = (offline?.problems ?? []).filter((p) =>
        celMessages.some((m) => p.endsWith(`: ${m}`)),
      );
      expect(celReported, 'validate ran CEL rules the API server skipped').toEqual([]);
    }
    for (const problem of offline?.problems ?? []) {
      const colon = problem.indexOf(': ');
      const [path, message] = [problem.slice(0, colon), problem.slice(colon + 2)];
      expect(server.message, `the API server names the field of "${problem}"`).toContain(path);
      if (celMessages.includes(message)) {
        expect(server.message, 'the API server quotes the rule message').toContain(message);
      }
    }
  });
});

/** The fixture's object as both judges see it: in the test namespace when namespaced, under a name of its own. */
function placed(f: Fixture, ns: string): Fixture['object'] {
  const name = f.file.replace(/\.yaml$/, '');
  const namespaced = f.object.kind !== 'ChatIdentity';
  const metadata = { ...f.object.metadata, name, ...(namespaced ? { namespace: ns } : {}) };
  return { ...f.object, metadata };
}

/** POST with dryRun=All and strict field validation (kubectl create --dry-run=server). */
function dryRunCreate(obj: unknown): { accepted: boolean; message: string } {
  const { plane } = getTestCluster();
  try {
    const out = plane.kubectl(
      ['create', '--dry-run=server', '--validate=strict', '-f', '-'],
      JSON.stringify(obj),
    );
    return { accepted: true, message: out.trim() };
  } catch (err) {
    return { accepted: false, message: String((err as { stderr?: unknown }).stderr ?? err) };
  }
}
