import { describe, expect, it } from 'vitest';
import { checkReplyTarget } from '../../../../src/platforms/dingtalk/check-reply-target.ts';

const NOW = 1_772_376_934_909;
const LATER = NOW + 5_400_000;
const policy = { now: () => NOW };
const GOOD = 'https://oapi.dingtalk.com/robot/sendBySession?session=1d6cd44b6b8c154bb44d654a6039fc4a';

const reasonOf = (url: string, p: Parameters<typeof checkReplyTarget>[2] = policy, expiresAt = LATER) => {
  const result = checkReplyTarget(url, expiresAt, p);
  return result.ok ? 'ok' : result.reason;
};

describe('checkReplyTarget', () => {
  it('accepts a real sessionWebhook and returns the parsed URL to send to', () => {
    const result = checkReplyTarget(GOOD, LATER, policy);
    expect(result.ok && result.url.href).toBe(GOOD);
  });

  it.each([
    ['explicit default port', 'https://oapi.dingtalk.com:443/robot/sendBySession?session=a', 'ok'],
    ['upper-case host', 'https://OAPI.DingTalk.COM/robot/sendBySession?session=a', 'ok'],
    ['plain http', 'http://oapi.dingtalk.com/robot/sendBySession?session=a', 'insecure-scheme'],
    ['ftp', 'ftp://oapi.dingtalk.com/robot', 'insecure-scheme'],
    ['javascript:', 'javascript:alert(1)', 'insecure-scheme'],
    ['wrong host', 'https://api.dingtalk.com/robot/sendBySession?session=a', 'host-not-allowed'],
    ['suffix attack', 'https://oapi.dingtalk.com.evil.com/robot/sendBySession?session=a', 'host-not-allowed'],
    ['prefix attack', 'https://evil-oapi.dingtalk.com/robot/sendBySession?session=a', 'host-not-allowed'],
    ['subdomain', 'https://x.oapi.dingtalk.com/robot/sendBySession?session=a', 'host-not-allowed'],
    ['trailing dot', 'https://oapi.dingtalk.com./robot/sendBySession?session=a', 'host-not-allowed'],
    ['non-default port', 'https://oapi.dingtalk.com:8443/robot/sendBySession?session=a', 'host-not-allowed'],
    ['userinfo pretending to be the host', 'https://oapi.dingtalk.com@evil.com/robot?session=a', 'userinfo'],
    ['userinfo with password', 'https://oapi.dingtalk.com:443@evil.com/robot?session=a', 'userinfo'],
    ['userinfo on the right host', 'https://user:pass@oapi.dingtalk.com/robot?session=a', 'userinfo'],
    [
      'backslash trick (parsed as evil.com, like fetch does)',
      'https://evil.com\\@oapi.dingtalk.com/robot',
      'host-not-allowed',
    ],
    ['encoded dot', 'https://oapi%2edingtalk%2ecom.evil.com/robot', 'host-not-allowed'],
    ['IP address', 'https://127.0.0.1/robot/sendBySession?session=a', 'host-not-allowed'],
    ['not a URL', 'oapi.dingtalk.com/robot/sendBySession', 'invalid-url'],
    ['empty', '', 'invalid-url'],
  ])('%s → %s', (_name, url, expected) => {
    expect(reasonOf(url)).toBe(expected);
  });

  describe('expiry', () => {
    it('refuses at and after sessionWebhookExpiredTime', () => {
      expect(reasonOf(GOOD, policy, NOW)).toBe('expired');
      expect(reasonOf(GOOD, policy, NOW - 1)).toBe('expired');
      expect(reasonOf(GOOD, policy, NOW + 1)).toBe('ok');
    });
    it('refuses a non-finite expiry', () => {
      expect(reasonOf(GOOD, policy, Number.NaN)).toBe('expired');
      expect(reasonOf(GOOD, policy, Number.POSITIVE_INFINITY)).toBe('expired');
    });
    it('uses the real clock by default', () => {
      expect(reasonOf(GOOD, {}, Date.now() + 60_000)).toBe('ok');
      expect(reasonOf(GOOD, {}, Date.now() - 1)).toBe('expired');
    });
  });

  describe('test double hosts', () => {
    const local = 'http://127.0.0.1:4567/robot/sendBySession?session=a';
    it('needs both allowInsecureHttp and the host:port entry', () => {
      expect(reasonOf(local, { ...policy, allowedHosts: ['127.0.0.1:4567'] })).toBe('insecure-scheme');
      expect(reasonOf(local, { ...policy, allowInsecureHttp: true })).toBe('host-not-allowed');
      expect(reasonOf(local, { ...policy, allowInsecureHttp: true, allowedHosts: ['127.0.0.1'] })).toBe(
        'host-not-allowed',
      );
      expect(reasonOf(local, { ...policy, allowInsecureHttp: true, allowedHosts: ['127.0.0.1:4567'] })).toBe(
        'ok',
      );
    });
    it('matches allowed entries case-insensitively', () => {
      expect(reasonOf(GOOD, { ...policy, allowedHosts: ['OAPI.DINGTALK.COM'] })).toBe('ok');
    });
  });
});
