import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeSign,
  DEFAULT_SIGNATURE_WINDOW_MS,
  MAX_SIGNATURE_WINDOW_MS,
  verifySignature,
} from '../../../../src/platforms/dingtalk/verify-signature.ts';

const SECRET = 'this is secret';
const TS = '1577262236757';
const NOW = Number(TS);

describe('computeSign', () => {
  it('matches the reference vector', () => {
    expect(computeSign(SECRET, TS)).toBe('hmPWwU+7lVdm3ZZz0r9tSfx0L4Q26jWOZr9+Gs6EZQM=');
  });

  it('depends on both the secret and the timestamp', () => {
    expect(computeSign(SECRET, '1577262236758')).not.toBe(computeSign(SECRET, TS));
    expect(computeSign('this is secreT', TS)).not.toBe(computeSign(SECRET, TS));
  });
});

describe('verifySignature', () => {
  const sign = computeSign(SECRET, TS);

  it('accepts the reference vector and names the matching secret', () => {
    expect(verifySignature({ timestamp: TS, sign }, [SECRET], NOW)).toEqual({ ok: true, secretIndex: 0 });
  });

  it('rejects a signature made with another secret', () => {
    const forged = computeSign('another secret', TS);
    expect(verifySignature({ timestamp: TS, sign: forged }, [SECRET], NOW)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it.each([
    ['one character changed', sign.replace('h', 'H')],
    ['padding dropped', sign.replace(/=$/, '')],
    ['extra character', `${sign}A`],
    ['URL-encoded (custom-robot style)', encodeURIComponent(sign)],
    ['hex instead of base64', Buffer.from(sign, 'base64').toString('hex')],
    ['surrounding whitespace', ` ${sign}`],
  ])('rejects a forged sign: %s', (_name, forged) => {
    expect(verifySignature({ timestamp: TS, sign: forged }, [SECRET], NOW)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('rejects a valid sign presented with a different timestamp (the sign binds the timestamp)', () => {
    expect(verifySignature({ timestamp: String(NOW + 1), sign }, [SECRET], NOW)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  describe('time window (1 hour both ways, inclusive)', () => {
    const at = (offset: number) => {
      const timestamp = String(NOW + offset);
      return verifySignature(
        { timestamp, sign: computeSign(SECRET, timestamp) },
        [SECRET],
        NOW,
        MAX_SIGNATURE_WINDOW_MS,
      );
    };
    it("uses five minutes by default, and DingTalk's hour is the most allowed", () => {
      expect(DEFAULT_SIGNATURE_WINDOW_MS).toBe(300_000);
      expect(MAX_SIGNATURE_WINDOW_MS).toBe(3_600_000);
      const old = String(NOW - 300_001);
      expect(verifySignature({ timestamp: old, sign: computeSign(SECRET, old) }, [SECRET], NOW)).toEqual({
        ok: false,
        reason: 'stale',
      });
    });
    it('accepts exactly one hour old and one hour ahead', () => {
      expect(at(-3_600_000)).toEqual({ ok: true, secretIndex: 0 });
      expect(at(3_600_000)).toEqual({ ok: true, secretIndex: 0 });
    });
    it('rejects one millisecond beyond, in each direction', () => {
      expect(at(-3_600_001)).toEqual({ ok: false, reason: 'stale' });
      expect(at(3_600_001)).toEqual({ ok: false, reason: 'future' });
    });
    it('honours a custom window', () => {
      const timestamp = String(NOW - 1001);
      const headers = { timestamp, sign: computeSign(SECRET, timestamp) };
      expect(verifySignature(headers, [SECRET], NOW, 1000)).toEqual({ ok: false, reason: 'stale' });
      expect(verifySignature(headers, [SECRET], NOW, 1001)).toEqual({ ok: true, secretIndex: 0 });
    });
  });

  describe('secret rotation', () => {
    const OLD = 'old secret';
    const NEW = 'new secret';
    it('accepts either secret and reports which one matched', () => {
      const withOld = { timestamp: TS, sign: computeSign(OLD, TS) };
      const withNew = { timestamp: TS, sign: computeSign(NEW, TS) };
      expect(verifySignature(withOld, [NEW, OLD], NOW)).toEqual({ ok: true, secretIndex: 1 });
      expect(verifySignature(withNew, [NEW, OLD], NOW)).toEqual({ ok: true, secretIndex: 0 });
    });
    it('rejects once the old secret is removed', () => {
      expect(verifySignature({ timestamp: TS, sign: computeSign(OLD, TS) }, [NEW], NOW)).toEqual({
        ok: false,
        reason: 'bad-signature',
      });
    });
    it('rejects everything when no secret is configured', () => {
      expect(verifySignature({ timestamp: TS, sign }, [], NOW)).toEqual({
        ok: false,
        reason: 'bad-signature',
      });
    });
    it('never matches an empty secret, even against a sign made with the empty key', () => {
      const emptyKeySign = computeSign('', TS);
      expect(verifySignature({ timestamp: TS, sign: emptyKeySign }, [''], NOW)).toEqual({
        ok: false,
        reason: 'bad-signature',
      });
    });
  });

  describe('missing or malformed headers', () => {
    it.each([
      ['no timestamp', { sign }],
      ['no sign', { timestamp: TS }],
      ['nothing', {}],
      ['empty timestamp', { timestamp: '', sign }],
      ['empty sign', { timestamp: TS, sign: '' }],
    ])('%s → missing', (_name, headers) => {
      expect(verifySignature(headers, [SECRET], NOW)).toEqual({ ok: false, reason: 'missing' });
    });

    it.each([
      '1577262236757.0',
      ' 1577262236757',
      '+1577262236757',
      '-1',
      '1.577e12',
      '0x16F3',
      'abc',
      '12345678901234567',
    ])('timestamp %j → malformed-timestamp', (timestamp) => {
      const result = verifySignature({ timestamp, sign: computeSign(SECRET, timestamp) }, [SECRET], NOW);
      expect(result).toEqual({ ok: false, reason: 'malformed-timestamp' });
    });

    it('treats a seconds timestamp as 50 years stale rather than guessing the unit', () => {
      const seconds = String(Math.floor(NOW / 1000));
      const result = verifySignature(
        { timestamp: seconds, sign: computeSign(SECRET, seconds) },
        [SECRET],
        NOW,
      );
      expect(result).toEqual({ ok: false, reason: 'stale' });
    });
  });

  it('accepts what it signs and rejects any single-character change (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.integer({ min: -300_000, max: 300_000 }),
        fc.nat({ max: 43 }),
        (secret, offset, position) => {
          const timestamp = String(NOW + offset);
          const good = computeSign(secret, timestamp);
          expect(verifySignature({ timestamp, sign: good }, [SECRET, secret], NOW)).toEqual({
            ok: true,
            secretIndex: secret === SECRET ? 0 : 1,
          });
          const ch = good[position] === 'A' ? 'B' : 'A';
          const bad = good.slice(0, position) + ch + good.slice(position + 1);
          expect(verifySignature({ timestamp, sign: bad }, [secret], NOW)).toEqual({
            ok: false,
            reason: 'bad-signature',
          });
        },
      ),
    );
  });
});
