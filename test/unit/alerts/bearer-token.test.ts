import { describe, expect, it } from 'vitest';
import { checkBearerToken } from '../../../src/alerts/bearer-token.ts';

describe('bearer token', () => {
  const tokens = ['new-token-0123456789', 'old-token-0123456789'];
  it.each([
    ['Bearer new-token-0123456789', true],
    ['bearer old-token-0123456789', true],
    ['Bearer new-token-012345678', false],
    ['Bearer new-token-0123456789x', false],
    ['Basic new-token-0123456789', false],
    ['new-token-0123456789', false],
    ['Bearer ', false],
    [undefined, false],
  ])('%s → %s', (header, ok) => {
    expect(checkBearerToken(header, tokens)).toBe(ok);
  });
  it('an empty configured token never matches', () => {
    expect(checkBearerToken('Bearer ', [''])).toBe(false);
    expect(checkBearerToken(undefined, [''])).toBe(false);
  });
});
