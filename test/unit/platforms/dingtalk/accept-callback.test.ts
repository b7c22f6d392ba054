import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  acceptCallback,
  DEFAULT_MAX_CALLBACK_BYTES,
} from '../../../../src/platforms/dingtalk/accept-callback.ts';
import type { CallbackRequest } from '../../../../src/platforms/dingtalk/accept-callback.ts';
import { createCallbackBuilder, signCallback } from '../../../support/dingtalk/index.ts';

const SECRET = 'app-secret-1';
const NOW = Date.UTC(2026, 2, 1, 12);
const options = { secrets: [SECRET], windowMs: 3_600_000, maxBodyBytes: 4096, now: () => NOW };
const builder = createCallbackBuilder({ seed: 'accept', now: () => NOW });
const goodBody = JSON.stringify(builder.buildGroupMessage({ message: 'get pods -n web' }));

function request(
  overrides: Partial<CallbackRequest> & { secret?: string; timestamp?: number } = {},
): CallbackRequest {
  const timestamp = String(overrides.timestamp ?? NOW);
  return {
    headers: { timestamp, sign: signCallback(overrides.secret ?? SECRET, timestamp), ...overrides.headers },
    rawBody: overrides.rawBody ?? Buffer.from(goodBody),
    contentType: 'contentType' in overrides ? overrides.contentType : 'application/json; charset=utf-8',
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('acceptCallback', () => {
  it('accepts a signed DingTalk callback', () => {
    const result = acceptCallback(request(), options);
    expect(result.status).toBe(200);
    if (result.status !== 200) return;
    expect(result.message.text).toBe('get pods -n web');
    expect(result.message.conversation.type).toBe('group');
    expect(result.raw.msgtype).toBe('text');
  });

  describe('check order: 415 → 413 → 401 → 400', () => {
    const huge = Buffer.alloc(options.maxBodyBytes + 1, '{');
    const garbage = Buffer.from('{not json');
    const unsigned = { headers: { timestamp: String(NOW), sign: 'forged' } };

    it('415 beats everything else', () => {
      expect(
        acceptCallback(request({ ...unsigned, rawBody: huge, contentType: 'text/plain' }), options),
      ).toEqual({
        status: 415,
        reason: 'content type must be application/json',
      });
    });
    it('413 beats a bad signature and bad JSON', () => {
      expect(acceptCallback(request({ ...unsigned, rawBody: huge }), options).status).toBe(413);
    });
    it('401 beats bad JSON', () => {
      expect(acceptCallback(request({ ...unsigned, rawBody: garbage }), options)).toMatchObject({
        status: 401,
        reason: 'signature: bad-signature',
      });
    });
    it('400 for a signed body that is not JSON', () => {
      expect(acceptCallback(request({ rawBody: garbage }), options)).toEqual({
        status: 400,
        reason: 'body is not valid JSON',
      });
    });
    it('400 for signed JSON of the wrong shape', () => {
      expect(acceptCallback(request({ rawBody: '{"msgtype":"text"}' }), options)).toEqual({
        status: 400,
        reason: 'invalid field: msgId',
      });
    });
  });

  it('never parses the body when the signature is bad', () => {
    const parse = vi.spyOn(JSON, 'parse');
    const result = acceptCallback(request({ secret: 'wrong' }), options);
    expect(result.status).toBe(401);
    expect(parse).not.toHaveBeenCalled();
    acceptCallback(request(), options);
    expect(parse).toHaveBeenCalled();
  });

  describe('content type', () => {
    it.each([
      'application/json',
      'Application/JSON',
      'application/json;charset=UTF-8',
      'application/json; charset="utf-8"',
    ])('accepts %j', (contentType) => {
      expect(acceptCallback(request({ contentType }), options).status).toBe(200);
    });
    it.each([
      undefined,
      '',
      'text/plain',
      'application/jsonx',
      'application/x-www-form-urlencoded',
      'application/json; charset=gbk',
    ])('rejects %j with 415', (contentType) => {
      expect(acceptCallback(request({ contentType }), options).status).toBe(415);
    });
    it('falls back to the Content-Type header when contentType is not given', () => {
      const base = request();
      const viaHeader = {
        headers: { ...base.headers, 'Content-Type': 'application/json' },
        rawBody: base.rawBody,
      };
      expect(acceptCallback(viaHeader, options).status).toBe(200);
      expect(acceptCallback({ headers: base.headers, rawBody: base.rawBody }, options).status).toBe(415);
    });
  });

  describe('size', () => {
    it('counts bytes, not characters', () => {
      const chinese = '部'.repeat(30); // 30 characters, 90 bytes
      expect(acceptCallback(request({ rawBody: chinese }), { ...options, maxBodyBytes: 89 }).status).toBe(
        413,
      );
      expect(acceptCallback(request({ rawBody: chinese }), { ...options, maxBodyBytes: 90 }).status).toBe(
        400,
      );
    });
    it('allows exactly the maximum', () => {
      const body = Buffer.from(goodBody);
      expect(
        acceptCallback(request({ rawBody: body }), { ...options, maxBodyBytes: body.length }).status,
      ).toBe(200);
      expect(
        acceptCallback(request({ rawBody: body }), { ...options, maxBodyBytes: body.length - 1 }).status,
      ).toBe(413);
    });
    it('defaults to 64 KiB', () => {
      expect(DEFAULT_MAX_CALLBACK_BYTES).toBe(65_536);
      const defaults = { secrets: options.secrets, now: options.now };
      const big = Buffer.alloc(65_537, ' ');
      expect(acceptCallback(request({ rawBody: big }), defaults).status).toBe(413);
    });
  });

  describe('signature headers', () => {
    it.each([
      ['missing sign', { timestamp: String(NOW) }, 'signature: missing'],
      ['missing timestamp', { sign: 'x' }, 'signature: missing'],
      ['malformed timestamp', { timestamp: 'yesterday', sign: 'x' }, 'signature: malformed-timestamp'],
      [
        'repeated timestamp',
        { timestamp: [String(NOW), String(NOW)], sign: 'x' },
        'signature: repeated-header',
      ],
    ])('%s → 401', (_name, headers, reason) => {
      const req: CallbackRequest = { headers, rawBody: goodBody, contentType: 'application/json' };
      expect(acceptCallback(req, options)).toMatchObject({ status: 401, reason });
    });

    it('reads header names case-insensitively', () => {
      const timestamp = String(NOW);
      const req = {
        headers: { Timestamp: timestamp, SIGN: signCallback(SECRET, timestamp) },
        rawBody: goodBody,
      };
      expect(acceptCallback({ ...req, contentType: 'application/json' }, options).status).toBe(200);
    });

    it('accepts a one-element header array (some frameworks)', () => {
      const timestamp = String(NOW);
      const req = {
        headers: { timestamp: [timestamp], sign: [signCallback(SECRET, timestamp)] },
        rawBody: goodBody,
      };
      expect(acceptCallback({ ...req, contentType: 'application/json' }, options).status).toBe(200);
    });

    it('rejects stale and future timestamps against the injected clock', () => {
      expect(acceptCallback(request({ timestamp: NOW - 3_600_001 }), options)).toMatchObject({
        status: 401,
        reason: 'signature: stale',
      });
      expect(acceptCallback(request({ timestamp: NOW + 3_600_001 }), options)).toMatchObject({
        status: 401,
        reason: 'signature: future',
      });
      expect(acceptCallback(request({ timestamp: NOW - 3_600_000 }), options).status).toBe(200);
    });

    it('accepts both secrets during a rotation', () => {
      const rotating = { ...options, secrets: ['new-secret', SECRET] };
      expect(acceptCallback(request({ secret: SECRET }), rotating).status).toBe(200);
      expect(acceptCallback(request({ secret: 'new-secret' }), rotating).status).toBe(200);
      expect(acceptCallback(request({ secret: 'older-secret' }), rotating).status).toBe(401);
    });
  });
});
