// The CRD as the real API server enforces it: every fixture gets the verdict the validator gives it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../tools/local-cluster/index.ts';
import {
  clusterUnavailableReason,
  createTestNamespace,
  deleteTestNamespace,
  getTestCluster,
} from '../support/cluster.ts';
import { installCrd } from '../support/chat-harness.ts';

const skip = clusterUnavailableReason() !== '';
const dir = join(repoRoot, 'test/fixtures/chatcommands');
// Status is dropped on create (status subresource), so a status-only problem cannot show here.
const STATUS_ONLY = new Set(['invalid-status-duplicate-condition.yaml']);

/** Which fixtures' `# problem:` text the API server's answer quoted word for word (CEL messages do). */
const PROBLEM_SEEN = new Map<string, boolean>();

const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml') && !STATUS_ONLY.has(f))
  .sort()
  .map((file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    return {
      file,
      expect: /^# expect: (\S+)$/m.exec(text)?.[1] ?? '',
      problem: /^# problem: (.+)$/m.exec(text)?.[1],
      /** The API server's own words for the (first) problem, recorded from a real run. */
      apiServer: /^# api-server: (.+)$/m.exec(text)?.[1],
      object: load(text) as { metadata: { name: string; namespace?: string } },
    };
  });

describe.skipIf(skip)('ChatCommand CRD on the API server', () => {
  let ns = '';
  beforeAll(async () => {
    installCrd();
    ns = await createTestNamespace('crd');
  });
  afterAll(async () => {
    await deleteTestNamespace(ns);
    console.info(
      `CEL/schema messages quoted by the API server: ${[...PROBLEM_SEEN.values()].filter(Boolean).length}/${PROBLEM_SEEN.size}`,
    );
  });

  it('is Established with its printer columns and short names', () => {
    const { plane } = getTestCluster();
    const crd = JSON.parse(plane.kubectl(['get', 'crd', 'chatcommands.kubetalk.io', '-o', 'json'])) as {
      spec: {
        names: { shortNames: string[] };
        versions: Array<{ additionalPrinterColumns: Array<{ name: string }>; subresources: object }>;
      };
    };
    expect(crd.spec.names.shortNames).toContain('chatcmd');
    expect(crd.spec.versions[0]?.additionalPrinterColumns.map((c) => c.name)).toEqual(
      expect.arrayContaining(['Trigger', 'Action', 'Ready', 'Reason']),
    );
    expect(crd.spec.versions[0]?.subresources).toHaveProperty('status');
  });

  it.each(fixtures.map((f) => [f.file, f] as const))('%s', (_file, f) => {
    const { plane } = getTestCluster();
    const obj = { ...f.object, metadata: { ...f.object.metadata, namespace: ns } };
    const apply = (): string => plane.kubectl(['apply', '--dry-run=server', '-f', '-'], JSON.stringify(obj));
    if (f.expect === 'invalid') {
      let stderr = '';
      try {
        apply();
      } catch (err) {
        stderr = String((err as { stderr?: string }).stderr ?? err);
      }
      expect(stderr, 'the API server accepted an invalid object').not.toBe('');
      expect(
        f.apiServer,
        "every invalid fixture records the API server's message (# api-server:)",
      ).toBeDefined();
      expect(stderr).toContain(f.apiServer);
      if (f.problem) PROBLEM_SEEN.set(f.file, stderr.includes(f.problem));
    } else {
      // valid, and invalid-at-runtime (the API server cannot express the rule; the controller reports InvalidSpec).
      expect(apply().trim()).toBe(
        `chatcommand.kubetalk.io/${f.object.metadata.name} created (server dry run)`,
      );
    }
  });
});
