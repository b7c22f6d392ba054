// Properties of the callback gate over arbitrary bytes and headers: it never throws and never admits a forgery.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  acceptCallback,
  type CallbackRequest,
  type HeaderValue,
} from '../../../src/platforms/dingtalk/accept-callback.ts';
import { parseCallbackBody } from '../../../src/platforms/dingtalk/parse-callback.ts';
import { createCallbackBuilder, signCallback } from '../../support/dingtalk/index.ts';

const SECRET = 'property-secret';
const NOW = Date.UTC(2026, 2, 1, 12);
const WINDOW = 3_600_000;
const MAX = 4096;
const options = { secrets: [SECRET, 'older-secret'], windowMs: WINDOW, maxBodyBytes: MAX, now: () => NOW };
const builder = createCallbackBuilder({ seed: 'property', now: () => NOW });
const goodBody = builder.buildGroupMessage({ message: 'scale web 3' }) as unknown as Record<string, unknown>;
const RUNS = 300;

const anyText = fc.string({ unit: 'binary', maxLength: 64 });
const timestamps = fc.oneof(
  fc.integer({ min: NOW - 2 * WINDOW, max: NOW + 2 * WINDOW }).map(String),
  anyText,
  fc.constantFrom('', '0', '-1', '1e12', `${NOW}.0`, ` ${NOW}`, `${NOW}\n`, '99999999999999999999'),
);
/** Signs that look right: real signatures for other timestamps or secrets, and base64-shaped noise. */
const signs = fc.oneof(
  anyText,
  fc.base64String({ minLength: 44, maxLength: 44 }),
  fc.tuple(fc.constantFrom(SECRET, 'wrong', ''), timestamps).map(([s, t]) => signCallback(s, t)),
);
const headerValue = (inner: fc.Arbitrary<string>): fc.Arbitrary<HeaderValue> =>
  fc.oneof(inner, fc.array(inner, { maxLength: 3 }), fc.constant(undefined));
const contentTypes = fc.oneof(
  fc.constantFrom('application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'text/plain'),
  anyText,
);
const bodies = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }).map((b) => Buffer.from(b)),
  fc.string({ unit: 'binary', maxLength: 512 }),
  fc.json({ maxDepth: 4 }),
  fc.constant(JSON.stringify(goodBody)),
);

function isValidlySigned(headers: Readonly<Record<string, HeaderValue>>): boolean {
  const ts = headers['timestamp'];
  const sign = headers['sign'];
  const one = (v: HeaderValue): string | undefined =>
    typeof v === 'string' ? v : Array.isArray(v) && v.length === 1 ? (v[0] as string) : undefined;
  const t = one(ts);
  const s = one(sign);
  if (t === undefined || s === undefined || !/^[0-9]{1,16}$/.test(t)) return false;
  if (Math.abs(Number(t) - NOW) > WINDOW) return false;
  return options.secrets.some((secret) => signCallback(secret, t) === s);
}

describe('callback gate properties', () => {
  it('never throws, and never answers 200 without a valid signature, whatever the bytes and headers', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            timestamp: headerValue(timestamps),
            sign: headerValue(signs),
            'content-type': headerValue(contentTypes),
          },
          { requiredKeys: [] },
        ),
        fc.dictionary(anyText, headerValue(anyText), { maxKeys: 4 }),
        bodies,
        (known, extra, rawBody) => {
          const headers = { ...extra, ...known };
          const request: CallbackRequest = { headers, rawBody };
          const result = acceptCallback(request, options);
          expect([200, 400, 401, 413, 415]).toContain(result.status);
          if (result.status === 200) expect(isValidlySigned(headers)).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('with a valid signature, any body is a 200 with well-typed fields or a 4xx — never a throw', () => {
    const timestamp = String(NOW);
    const headers = { timestamp, sign: signCallback(SECRET, timestamp) };
    fc.assert(
      fc.property(bodies, contentTypes, (rawBody, contentType) => {
        const result = acceptCallback({ headers, rawBody, contentType }, options);
        expect([200, 400, 413, 415]).toContain(result.status);
      }),
      { numRuns: RUNS },
    );
  });

  it('a real callback with any fields replaced by arbitrary JSON parses to well-typed values or a 400', () => {
    const keys = Object.keys(goodBody);
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom(...keys, 'text', 'content', 'atUsers', 'isAdmin'),
          fc.jsonValue({ maxDepth: 3 }),
          {
            maxKeys: 4,
          },
        ),
        (changes) => {
          const result = parseCallbackBody(JSON.stringify({ ...goodBody, ...changes }));
          if (!result.ok) return;
          const m = result.message;
          expect(typeof m.messageId).toBe('string');
          expect(typeof m.text).toBe('string');
          expect(typeof m.sender.id).toBe('string');
          expect(typeof m.sender.isAdmin).toBe('boolean');
          expect(['group', 'direct']).toContain(m.conversation.type);
          expect(Number.isSafeInteger(m.replyTo.expiresAt)).toBe(true);
          expect(typeof m.replyTo.url).toBe('string');
        },
      ),
      { numRuns: RUNS },
    );
  });
});
