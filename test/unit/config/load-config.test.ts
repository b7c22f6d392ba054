import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.ts';
import { ConfigError } from '../../../src/config/schema.ts';

const base = { KUBETALK_DINGTALK_APP_SECRET: 's3cret' };

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('applies documented defaults', () => {
    const c = loadConfig(base);
    expect(c.publicPort).toBe(8080);
    expect(c.internalPort).toBe(9090);
    expect(c.dingtalk.appSecrets).toEqual(['s3cret']);
    expect(c.dingtalk.signatureWindowMs).toBe(300_000);
    expect(c.dingtalk.corpId).toBe('');
    expect(c.dingtalk.robotCode).toBe('');
    expect(c.dingtalk.replyAllowedHosts).toEqual(['oapi.dingtalk.com']);
    expect(c.dingtalk.replyAllowInsecureHttp).toBe(false);
    expect(c.namespaces).toEqual([]);
    expect(c.runnerServiceAccount).toBe('kubetalk-runner');
    expect(c.locale).toBe('en');
  });

  it('says what to fix when the secret is missing', () => {
    const problems = problemsOf({});
    expect(problems.join('\n')).toMatch(/KUBETALK_DINGTALK_APP_SECRET is not set: copy the Client Secret/);
  });

  it('collects every problem at once', () => {
    const problems = problemsOf({
      ...base,
      KUBETALK_PUBLIC_PORT: 'eighty',
      KUBETALK_LOCALE: 'fr',
      KUBETALK_NAMESPACES: 'shop,Bad_NS',
      KUBETALK_REPLY_ALLOWED_HOSTS: 'https://oapi.dingtalk.com/robot',
      KUBETALK_SIGNATURE_WINDOW_SECONDS: '7200',
    });
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/KUBETALK_PUBLIC_PORT="eighty": expected a whole number/);
    expect(problems.join('\n')).toMatch(/expected en or zh-CN/);
    expect(problems.join('\n')).toMatch(/"Bad_NS" is not a valid namespace name/);
    expect(problems.join('\n')).toMatch(/write hosts, not URLs/);
    expect(problems.join('\n')).toMatch(/from 1 to 3600/);
  });

  it.each(['default', 'builder', 'deployer', 'pipeline'])(
    'refuses the shared ServiceAccount %s as the runner and says what to set instead',
    (name) => {
      const problems = problemsOf({ ...base, KUBETALK_RUNNER_SERVICE_ACCOUNT: name });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(
        `KUBETALK_RUNNER_SERVICE_ACCOUNT: "${name}" is a ServiceAccount every namespace`,
      );
      expect(problems[0]).toMatch(/Set a dedicated name such as kubetalk-runner/);
    },
  );

  it('accepts a dedicated runner name that merely contains a shared one', () => {
    expect(
      loadConfig({ ...base, KUBETALK_RUNNER_SERVICE_ACCOUNT: 'default-runner' }).runnerServiceAccount,
    ).toBe('default-runner');
  });

  it('refuses the same port for public and internal servers', () => {
    expect(
      problemsOf({ ...base, KUBETALK_PUBLIC_PORT: '9000', KUBETALK_INTERNAL_PORT: '9000' }).join(),
    ).toMatch(/must differ/);
  });

  it('reads secrets from files and previous secrets for rotation', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-config-'));
    writeFileSync(join(dir, 'secret'), 'from-file\n');
    writeFileSync(join(dir, 'old'), 'old-1\nold-2\n');
    const c = loadConfig({
      KUBETALK_DINGTALK_APP_SECRET_FILE: join(dir, 'secret'),
      KUBETALK_DINGTALK_PREVIOUS_APP_SECRETS_FILE: join(dir, 'old'),
    });
    expect(c.dingtalk.appSecrets).toEqual(['from-file', 'old-1', 'old-2']);
  });

  it('reports an unreadable secret file', () => {
    expect(problemsOf({ KUBETALK_DINGTALK_APP_SECRET_FILE: '/nonexistent/secret' }).join()).toMatch(
      /cannot read the file \(ENOENT\)/,
    );
  });

  it('reads a YAML config file; the environment wins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-config-'));
    const file = join(dir, 'kubetalk.yaml');
    writeFileSync(
      file,
      'KUBETALK_PUBLIC_PORT: 8181\nKUBETALK_NAMESPACES: [shop, web]\nKUBETALK_LOCALE: zh-CN\n',
    );
    const c = loadConfig({ ...base, KUBETALK_CONFIG_FILE: file, KUBETALK_LOCALE: 'en' });
    expect(c.publicPort).toBe(8181);
    expect(c.namespaces).toEqual(['shop', 'web']);
    expect(c.locale).toBe('en');
  });

  it('rejects unknown keys and non-mappings in the config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-config-'));
    writeFileSync(join(dir, 'a.yaml'), 'publicPort: 1\n');
    writeFileSync(join(dir, 'b.yaml'), '- 1\n- 2\n');
    expect(problemsOf({ ...base, KUBETALK_CONFIG_FILE: join(dir, 'a.yaml') }).join()).toMatch(
      /unknown key "publicPort"/,
    );
    expect(problemsOf({ ...base, KUBETALK_CONFIG_FILE: join(dir, 'b.yaml') }).join()).toMatch(
      /expected a mapping/,
    );
  });
});

describe('loadConfig strictness', () => {
  it('refuses a misspelt setting instead of ignoring it', () => {
    expect(problemsOf({ ...base, KUBETALK_RATE_LIMIT_USERS_PER_MINUTE: '5' }).join()).toMatch(
      /KUBETALK_RATE_LIMIT_USERS_PER_MINUTE is not a kubetalk setting/,
    );
  });

  it('refuses a reply host written with its default port', () => {
    expect(problemsOf({ ...base, KUBETALK_REPLY_ALLOWED_HOSTS: 'oapi.dingtalk.com:443' }).join()).toMatch(
      /leave out the default port/,
    );
  });
});
