import type { V1Pod } from '@kubernetes/client-node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutAtBytes, pickContainer, pickNewestPods, splitByteBudget } from '../../../src/actions/log-plan.ts';

function pod(name: string, created: string, containers = ['app'], extra: Partial<V1Pod> = {}): V1Pod {
  return {
    metadata: { name, creationTimestamp: new Date(created), ...extra.metadata },
    spec: { containers: containers.map((c) => ({ name: c })), ...extra.spec },
  };
}

describe('pickNewestPods', () => {
  it('orders newest first and keeps at most five', () => {
    const pods = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((n, i) => pod(n, `2026-01-01T00:00:0${i}Z`));
    expect(pickNewestPods(pods).map((p) => p.metadata?.name)).toEqual(['g', 'f', 'e', 'd', 'c']);
    expect(pickNewestPods(pods, 2).map((p) => p.metadata?.name)).toEqual(['g', 'f']);
  });

  it('breaks ties by name', () => {
    const t = '2026-01-01T00:00:00Z';
    expect(pickNewestPods([pod('b', t), pod('a', t)]).map((p) => p.metadata?.name)).toEqual(['a', 'b']);
  });
});

describe('pickContainer', () => {
  it('takes the requested container, including init containers, or nothing when absent', () => {
    const p = pod('p', '2026-01-01T00:00:00Z', ['app', 'sidecar'], {
      spec: { containers: [{ name: 'app' }, { name: 'sidecar' }], initContainers: [{ name: 'setup' }] },
    });
    expect(pickContainer(p, 'sidecar')).toBe('sidecar');
    expect(pickContainer(p, 'setup')).toBe('setup');
    expect(pickContainer(p, 'nope')).toBeUndefined();
  });

  it('falls back to the default-container annotation, then to the first container', () => {
    const annotated = pod('p', '2026-01-01T00:00:00Z', ['app', 'sidecar'], {
      metadata: { annotations: { 'kubectl.kubernetes.io/default-container': 'sidecar' } },
    });
    expect(pickContainer(annotated, undefined)).toBe('sidecar');
    const stale = pod('p', '2026-01-01T00:00:00Z', ['app', 'sidecar'], {
      metadata: { annotations: { 'kubectl.kubernetes.io/default-container': 'gone' } },
    });
    expect(pickContainer(stale, undefined)).toBe('app');
  });
});

describe('splitByteBudget', () => {
  it('shares the budget evenly and never sums above it (unless every pod gets the 1-byte minimum)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 5 }), (max, pods) => {
        const share = splitByteBudget(max, pods);
        expect(share).toBeGreaterThanOrEqual(1);
        if (max >= pods) expect(share * pods).toBeLessThanOrEqual(max);
      }),
    );
    expect(splitByteBudget(10_000, 3)).toBe(3333);
    expect(splitByteBudget(10_000, 0)).toBe(0);
  });
});

describe('cutAtBytes', () => {
  it('keeps text within the limit untouched', () => {
    expect(cutAtBytes('hello', 5)).toEqual({ text: 'hello', cut: false });
  });

  it('cuts longer text and says so', () => {
    expect(cutAtBytes('hello world', 5)).toEqual({ text: 'hello', cut: true });
  });

  it('never splits a multi-byte character', () => {
    // "日志" is 6 bytes; a 4-byte limit must keep only the first character (3 bytes).
    expect(cutAtBytes('日志', 4)).toEqual({ text: '日', cut: true });
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.integer({ min: 0, max: 64 }), (text, limit) => {
        const out = cutAtBytes(text, limit);
        expect(Buffer.byteLength(out.text)).toBeLessThanOrEqual(limit);
        expect(text.startsWith(out.text)).toBe(true);
        expect(out.cut).toBe(Buffer.byteLength(text) > limit);
      }),
    );
  });
});
