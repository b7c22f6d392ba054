import fc from 'fast-check';
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
    ['IP address', 'https://127.0.0.1/robot/sendBySession?session=a', 'private-address'],
    ['public IP address', 'https://203.119.169.1/robot/sendBySession?session=a', 'host-not-allowed'],
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
      expect(reasonOf(local, { ...policy, allowInsecureHttp: true })).toBe('private-address');
      expect(reasonOf(local, { ...policy, allowInsecureHttp: true, allowedHosts: ['127.0.0.1'] })).toBe(
        'private-address',
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

describe('SSRF: a sessionWebhook aimed inside the network is refused', () => {
  // The rig's policy: http allowed and one loopback double explicitly listed, the most permissive we ship.
  const rig = { ...policy, allowInsecureHttp: true, allowedHosts: ['oapi.dingtalk.com', '127.0.0.1:4567'] };

  it.each([
    ['loopback', 'http://127.0.0.1/robot/sendBySession?session=a', 'private-address'],
    ['loopback, other port than the listed one', 'http://127.0.0.1:4568/robot', 'private-address'],
    ['loopback elsewhere in 127/8', 'http://127.0.0.2:4567/robot', 'private-address'],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/', 'private-address'],
    ['IPv6 loopback', 'http://[::1]/robot', 'private-address'],
    ['IPv6 loopback on the listed port', 'http://[::1]:4567/robot', 'private-address'],
    ['IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]:4567/robot', 'private-address'],
    ['IPv6 unique local', 'http://[fd00::1]/robot', 'private-address'],
    ['IPv6 link-local', 'http://[fe80::1]/robot', 'private-address'],
    ['NAT64 of a private address', 'http://[64:ff9b::a00:1]/robot', 'private-address'],
    ['10/8', 'http://10.0.0.1/robot', 'private-address'],
    ['172.16/12', 'http://172.31.255.254/robot', 'private-address'],
    ['192.168/16', 'https://192.168.1.1/robot', 'private-address'],
    ['carrier NAT', 'http://100.64.0.1/robot', 'private-address'],
    ['unspecified 0.0.0.0 (reaches localhost on Linux)', 'http://0.0.0.0:4567/robot', 'private-address'],
    ['decimal loopback', 'http://2130706433/robot', 'private-address'],
    ['octal loopback', 'http://0177.0.0.1/robot', 'private-address'],
    ['hex loopback', 'http://0x7f.0x0.0x0.0x1/robot', 'private-address'],
    ['short loopback', 'http://127.1/robot', 'private-address'],
    ['decimal metadata', 'http://2852039166/latest', 'private-address'],
    ['localhost by name', 'http://localhost:4567/robot', 'host-not-allowed'],
    ['name that resolves to loopback', 'http://127.0.0.1.nip.io:4567/robot', 'host-not-allowed'],
    ['userinfo pointing elsewhere', 'https://oapi.dingtalk.com@evil.com/robot', 'userinfo'],
    ['userinfo pointing at the double', 'http://oapi.dingtalk.com@127.0.0.1:4567/robot', 'userinfo'],
    ['suffix look-alike', 'https://oapi.dingtalk.com.evil.com/robot', 'host-not-allowed'],
    ['public IPv6', 'http://[2606:4700::1111]/robot', 'host-not-allowed'],
  ])('%s → %s', (_name, url, expected) => {
    expect(reasonOf(url, rig)).toBe(expected);
    // Under the production policy every one of them is refused too, whatever the reason.
    expect(reasonOf(url)).not.toBe('ok');
  });

  it('reaches the listed double however its address is spelt, because the URL parser canonicalises first', () => {
    // Not an SSRF: the canonical host is the listed one, and it is what fetch would contact.
    expect(reasonOf('http://2130706433:4567/robot', rig)).toBe('ok');
    expect(reasonOf('http://0x7f000001:4567/robot', rig)).toBe('ok');
  });

  it('refuses every loopback and private IPv4 address in every spelling (property)', () => {
    const privateV4 = fc.oneof(
      fc.integer({ min: 0x7f000000, max: 0x7fffffff }),
      fc.integer({ min: 0x0a000000, max: 0x0affffff }),
      fc.integer({ min: 0xac100000, max: 0xac1fffff }),
      fc.integer({ min: 0xc0a80000, max: 0xc0a8ffff }),
      fc.integer({ min: 0xa9fe0000, max: 0xa9feffff }),
    );
    const spell = (n: number, how: number): string => {
      const q = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
      if (how === 0) return q.join('.');
      if (how === 1) return String(n);
      if (how === 2) return `0x${n.toString(16)}`;
      return q.map((x) => `0${x.toString(8)}`).join('.');
    };
    fc.assert(
      fc.property(
        privateV4,
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 65535 }),
        (n, how, port) => {
          const url = `http://${spell(n, how)}:${port}/robot/sendBySession?session=a`;
          const reason = reasonOf(url, { ...policy, allowInsecureHttp: true });
          return reason === 'private-address';
        },
      ),
      { numRuns: 300 },
    );
  });
});
