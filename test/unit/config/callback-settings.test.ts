import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.ts';
import { ConfigError } from '../../../src/config/schema.ts';

const base = { KUBETALK_DINGTALK_APP_SECRET: 's3cret' };

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.join('\n');
    throw err;
  }
  return '';
}

describe('callback settings (issue 10)', () => {
  it('the window defaults to 300 s, accepts up to DingTalk’s 3600 s and refuses more', () => {
    expect(loadConfig(base).dingtalk.signatureWindowMs).toBe(300_000);
    expect(
      loadConfig({ ...base, KUBETALK_SIGNATURE_WINDOW_SECONDS: '3600' }).dingtalk.signatureWindowMs,
    ).toBe(3_600_000);
    expect(problemsOf({ ...base, KUBETALK_SIGNATURE_WINDOW_SECONDS: '3601' })).toMatch(/from 1 to 3600/);
  });

  it('corp id and robot code are read, trimmed, and refused when they could never match', () => {
    const c = loadConfig({
      ...base,
      KUBETALK_DINGTALK_CORP_ID: ' dingb3fcb372fae00784ffe93478753d9884 ',
      KUBETALK_DINGTALK_ROBOT_CODE: 'dingpul2ts6gnizcomqo',
    });
    expect(c.dingtalk.corpId).toBe('dingb3fcb372fae00784ffe93478753d9884');
    expect(c.dingtalk.robotCode).toBe('dingpul2ts6gnizcomqo');
    expect(problemsOf({ ...base, KUBETALK_DINGTALK_CORP_ID: 'a,b' })).toMatch(/KUBETALK_DINGTALK_CORP_ID/);
    expect(problemsOf({ ...base, KUBETALK_DINGTALK_ROBOT_CODE: 'x'.repeat(129) })).toMatch(
      /KUBETALK_DINGTALK_ROBOT_CODE/,
    );
  });
});
