// Every configuration setting is a documented chart value: a row in charts/kubetalk/README.md, a key in values.yaml
// and values.schema.json, and an env entry in the Deployment.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../../../src/config/schema.ts';

const chart = join(import.meta.dirname, '../../../charts/kubetalk');
const readme = readFileSync(join(chart, 'README.md'), 'utf8');
const deployment = readFileSync(join(chart, 'templates/deployment.yaml'), 'utf8');
const values = load(readFileSync(join(chart, 'values.yaml'), 'utf8')) as Record<string, unknown>;
const schema = JSON.parse(readFileSync(join(chart, 'values.schema.json'), 'utf8')) as SchemaNode;

interface SchemaNode {
  readonly properties?: Readonly<Record<string, SchemaNode>>;
}

/** Settings the chart sets without a value of its own, or that mean nothing inside a cluster. */
const NOT_VALUES = new Set(['KUBETALK_CONFIG_FILE', 'KUBECONFIG']);

function rowOf(env: string): string | undefined {
  return readme.split('\n').find((l) => new RegExp(`^\\|\\s*\`${env}\`\\s*\\|`).test(l));
}

function lookup(root: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => {
    if (typeof node !== 'object' || node === null) return undefined;
    return (node as Record<string, unknown>)[key];
  }, root);
}

function schemaHas(path: string): boolean {
  let node: SchemaNode | undefined = schema;
  for (const key of path.split('.')) node = node?.properties?.[key];
  return node !== undefined;
}

describe('chart values mirror the configuration table', () => {
  it.each(SETTINGS.map((s) => s.env))('%s has a row in the chart README', (env) => {
    expect(rowOf(env), `charts/kubetalk/README.md has no row for ${env}`).toBeDefined();
  });

  it.each(SETTINGS.map((s) => s.env).filter((e) => !NOT_VALUES.has(e)))(
    '%s is set by the Deployment template',
    (env) => {
      // The secrets arrive as files: the _FILE variant is the variable the template sets.
      expect(deployment.includes(`name: ${env}\n`) || deployment.includes(`name: ${env}_FILE\n`)).toBe(true);
    },
  );

  it('every value the table names exists in values.yaml and values.schema.json', () => {
    const named = [
      ...readme.matchAll(/`((?:config|dingtalk|runner|chatIdentities|leaderElection|metrics)\.[A-Za-z]+)`/g),
    ]
      .map((m) => m[1] ?? '')
      .concat(['publicPort', 'terminationGracePeriodSeconds']);
    expect(named.length).toBeGreaterThan(40);
    for (const path of new Set(named)) {
      expect(lookup(values, path), `values.yaml lacks ${path}`).not.toBeUndefined();
      expect(schemaHas(path), `values.schema.json lacks ${path}`).toBe(true);
    }
  });

  it('every config.* key of values.yaml is in the schema (additionalProperties: false would reject it otherwise)', () => {
    for (const key of Object.keys(values['config'] as object))
      expect(schemaHas(`config.${key}`), key).toBe(true);
  });
});
