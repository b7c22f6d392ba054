import { describe, expect, it } from 'vitest';
import { createDeduper } from '../../../src/dispatch/dedupe.ts';

describe('createDeduper', () => {
  it('sees an id once within the TTL and again after it', () => {
    let t = 0;
    const d = createDeduper({ ttlMs: 1000, maxEntries: 10, now: () => t });
    expect(d.firstSeen('a')).toBe(true);
    expect(d.firstSeen('a')).toBe(false);
    t = 999;
    expect(d.firstSeen('a')).toBe(false);
    t = 1000;
    expect(d.firstSeen('a')).toBe(true);
  });

  it('stays bounded, evicting the oldest', () => {
    const d = createDeduper({ ttlMs: 60_000, maxEntries: 100, now: () => 0 });
    for (let i = 0; i < 1000; i++) d.firstSeen(`m${i}`);
    expect(d.size).toBe(100);
    expect(d.firstSeen('m999')).toBe(false);
    expect(d.firstSeen('m0')).toBe(true);
  });

  it('forgets expired ids as time passes', () => {
    let t = 0;
    const d = createDeduper({ ttlMs: 100, maxEntries: 1000, now: () => t });
    for (let i = 0; i < 50; i++) d.firstSeen(`m${i}`);
    t = 500;
    d.firstSeen('fresh');
    expect(d.size).toBe(1);
  });
});
