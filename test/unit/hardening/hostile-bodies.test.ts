// Signed but hostile callback bodies: malformed, mistyped, deep, huge or poisoned — each a 4xx, never a crash.
import { describe, expect, it } from 'vitest';
import { acceptCallback, type CallbackRequest } from '../../../src/platforms/dingtalk/accept-callback.ts';
import { exceedsJsonDepth } from '../../../src/platforms/dingtalk/json-depth.ts';
import { parseCallbackBody } from '../../../src/platforms/dingtalk/parse-callback.ts';
import { createCallbackBuilder, signCallback } from '../../support/dingtalk/index.ts';

const SECRET = 'hostile-secret';
const NOW = Date.UTC(2026, 2, 1, 12);
const MAX = 64 * 1024;
const options = { secrets: [SECRET], windowMs: 3_600_000, maxBodyBytes: MAX, now: () => NOW };
const builder = createCallbackBuilder({ seed: 'hostile', now: () => NOW });
const good = builder.buildGroupMessage({
  message: 'scale web 3',
  sender: { staffId: 'alice01' },
}) as unknown as Record<string, unknown>;

/** Signed exactly as DingTalk signs: whoever holds the secret may still send garbage. */
function signed(body: string | Buffer): CallbackRequest {
  const timestamp = String(NOW);
  return {
    headers: { timestamp, sign: signCallback(SECRET, timestamp) },
    rawBody: body,
    contentType: 'application/json; charset=utf-8',
  };
}

const verdict = (body: unknown): { status: number; reason?: string } => {
  const r = acceptCallback(signed(typeof body === 'string' ? body : JSON.stringify(body)), options);
  return r.status === 200 ? { status: 200 } : r;
};

describe('hostile callback bodies (signed)', () => {
  it.each([
    ['empty', ''],
    ['truncated', '{"msgId": '],
    ['trailing garbage', '{}x'],
    ['single quotes', "{'msgId': 'a'}"],
    ['NaN literal', '{"createAt": NaN}'],
    ['a bare string', '"scale web 3"'],
    ['null', 'null'],
    ['an array', '[1,2,3]'],
    ['a number', '42'],
  ])('malformed JSON (%s) → 400', (_name, body) => {
    expect(verdict(body).status).toBe(400);
  });

  it('invalid UTF-8 → 400', () => {
    const bytes = Buffer.concat([Buffer.from('{"msgId":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    expect(acceptCallback(signed(bytes), options)).toMatchObject({
      status: 400,
      reason: 'body is not valid UTF-8',
    });
  });

  const wrongValues: readonly unknown[] = [null, 0, -1, 1.5, true, '', 'x', [], {}, ['a'], { a: 1 }, 1e308];
  const REQUIRED: ReadonlyArray<readonly [string, (v: unknown) => boolean]> = [
    ['msgId', (v) => typeof v === 'string' && v !== ''],
    ['msgtype', (v) => typeof v === 'string' && v !== ''],
    ['conversationId', (v) => typeof v === 'string' && v !== ''],
    ['conversationType', (v) => v === '1' || v === '2'],
    ['senderId', (v) => typeof v === 'string'],
    ['senderNick', (v) => typeof v === 'string'],
    ['sessionWebhook', (v) => typeof v === 'string' && v !== ''],
    ['sessionWebhookExpiredTime', (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0],
    ['createAt', (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0],
  ];

  it.each(REQUIRED.map(([f]) => f))('wrong types and absence of %s → 400 naming the field', (field) => {
    const valid = REQUIRED.find(([f]) => f === field)?.[1] ?? (() => true);
    for (const v of [...wrongValues.filter((x) => !valid(x)), undefined]) {
      const body = { ...good, [field]: v };
      if (v === undefined) delete body[field];
      // msgtype 'x' is valid (unknown types parse with empty text), so only non-strings fail there.
      expect(verdict(body), `${field}=${JSON.stringify(v)}`).toEqual({
        status: 400,
        reason: `invalid field: ${field}`,
      });
    }
  });

  it('refuses a present senderStaffId that is not a string (it decides permissions)', () => {
    for (const v of [null, 1, true, [], {}, ['alice01']])
      expect(verdict({ ...good, senderStaffId: v })).toEqual({
        status: 400,
        reason: 'invalid field: senderStaffId',
      });
  });

  it('refuses text messages whose content is not a string', () => {
    for (const text of [null, 'scale web 3', [], { content: 3 }, { content: null }, { content: ['scale'] }])
      expect(verdict({ ...good, text })).toEqual({ status: 400, reason: 'invalid field: text.content' });
  });

  it('never reads a truthy non-boolean isAdmin as admin, and drops mistyped optional fields', () => {
    for (const isAdmin of ['true', 1, [true], { yes: true }]) {
      const r = acceptCallback(signed(JSON.stringify({ ...good, isAdmin })), options);
      expect(r.status).toBe(200);
      if (r.status === 200) expect(r.message.sender.isAdmin).toBe(false);
    }
    const r = acceptCallback(
      signed(JSON.stringify({ ...good, atUsers: 'all', conversationTitle: 5, content: [1], robotCode: {} })),
      options,
    );
    expect(r.status).toBe(200);
    if (r.status === 200) {
      expect(r.raw.atUsers).toBeUndefined();
      expect(r.raw.conversationTitle).toBeUndefined();
      expect(r.message.conversation.title).toBeUndefined();
    }
  });

  it('treats richText of the wrong shape as an empty message, not an error', () => {
    for (const content of [
      { richText: 'scale web 3' },
      { richText: [1, null, 'x', [{ text: 'scale' }]] },
      null,
    ]) {
      const r = acceptCallback(signed(JSON.stringify({ ...good, msgtype: 'richText', content })), options);
      expect(r.status).toBe(200);
      if (r.status === 200) expect(r.message.text).toBe('');
    }
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses a body with a %s key anywhere', (key) => {
    const nested = `{"msgtype":"text","text":{"content":"x","${key}":{"isAdmin":true}}}`;
    expect(verdict(nested)).toMatchObject({ status: 400, reason: 'body contains a forbidden key' });
    const top = JSON.stringify(good).replace(/^\{/, `{"${key}":{"isAdmin":true},`);
    expect(verdict(top)).toMatchObject({ status: 400 });
    expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined();
  });

  it('refuses a body larger than the limit with 413, before the signature is even looked at', () => {
    const big = JSON.stringify({ ...good, pad: 'x'.repeat(MAX) });
    expect(acceptCallback(signed(big), options).status).toBe(413);
    const unsigned = { ...signed(big), headers: {} };
    expect(acceptCallback(unsigned, options).status).toBe(413);
  });

  describe('deep nesting', () => {
    // Within 64 KiB a body can open ~32,000 brackets; JSON.parse copes, but its reviver would recurse that deep.
    const depths = [33, 1000, 32_000];
    it.each(depths)(
      '%i levels of arrays in an unknown field → 400 "nested too deeply", no stack overflow',
      (depth) => {
        const body = JSON.stringify(good).replace(/\}$/, `,"x":${'['.repeat(depth)}${']'.repeat(depth)}}`);
        expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX);
        expect(verdict(body)).toEqual({ status: 400, reason: 'body is nested too deeply' });
      },
    );
    it('objects nest the same way, and so does an unterminated opening run', () => {
      const objects = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
      expect(parseCallbackBody(objects)).toEqual({ ok: false, reason: 'body is nested too deeply' });
      expect(parseCallbackBody('['.repeat(60_000))).toEqual({
        ok: false,
        reason: 'body is nested too deeply',
      });
    });
    it('accepts the nesting real callbacks have, and does not count brackets inside strings', () => {
      expect(verdict({ ...good, text: { content: '[[[[[[{{{{{{'.repeat(100) } }).status).toBe(200);
      expect(exceedsJsonDepth('{"a":"\\"[[[[","b":[[1]]}', 3)).toBe(false);
      expect(exceedsJsonDepth('[[[1]]]', 2)).toBe(true);
      expect(exceedsJsonDepth('[[1],[2],[3]]', 2)).toBe(false);
    });
  });
});
