// Separate file because it replaces node:crypto's timingSafeEqual with a spy for the whole module graph.
import type * as Crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';

const spy = vi.hoisted(() => ({ calls: 0 }));

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof Crypto>();
  return {
    ...actual,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      spy.calls += 1;
      return actual.timingSafeEqual(a, b);
    },
  };
});

const { computeSign, verifySignature } =
  await import('../../../../src/platforms/dingtalk/verify-signature.ts');

describe('verifySignature timing', () => {
  const TS = '1577262236757';
  const secrets = ['first', 'second', 'third'];

  it.each([
    ['first secret matches', computeSign('first', TS)],
    ['last secret matches', computeSign('third', TS)],
    ['nothing matches', computeSign('other', TS)],
    ['sign of the wrong length', 'short'],
  ])('compares in constant time against every secret: %s', (_name, sign) => {
    spy.calls = 0;
    verifySignature({ timestamp: TS, sign }, secrets, Number(TS));
    expect(spy.calls).toBe(secrets.length);
  });
});
