import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionMessages } from '../../../src/actions/messages.ts';
import { formatMessage, LOCALES } from '../../../src/i18n/catalog.ts';

const root = join(import.meta.dirname, '..', '..', '..');

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}

/** Every `'action.…'` key literal in src/actions and src/kube, plus the rollout keys built from a state name. */
function keysUsedInCode(): Set<string> {
  const keys = new Set<string>();
  for (const dir of ['src/actions', 'src/kube']) {
    for (const file of readdirSync(join(root, dir))) {
      if (!file.endsWith('.ts') || file === 'messages.ts') continue;
      const text = readFileSync(join(root, dir, file), 'utf8');
      for (const m of text.matchAll(/'(action\.[a-z.-]+)'/g)) keys.add(m[1] ?? '');
      if (file === 'rollout-status.ts') {
        for (const m of text.matchAll(/'(waiting-[a-z-]+|complete|progress-deadline|unsupported-strategy)'/g))
          keys.add(`action.rollout.${m[1]}`);
      }
    }
  }
  return keys;
}

describe('actionMessages', () => {
  it('has every key the code uses', () => {
    const used = keysUsedInCode();
    expect(used.size).toBeGreaterThan(40);
    for (const key of used) expect(actionMessages, key).toHaveProperty([key]);
  });

  it('has no key the code never uses', () => {
    const used = keysUsedInCode();
    expect(Object.keys(actionMessages).filter((k) => !used.has(k))).toEqual([]);
  });

  it('says everything in both languages with the same placeholders', () => {
    for (const [key, entry] of Object.entries(actionMessages)) {
      for (const locale of LOCALES) expect(entry[locale].trim(), `${key} ${locale}`).not.toBe('');
      expect(placeholders(entry['zh-CN']), key).toEqual(placeholders(entry.en));
      expect(key.startsWith('action.'), key).toBe(true);
    }
  });

  it('renders a summary as the user sees it', () => {
    const msg = {
      key: 'action.scale.done',
      params: { kind: 'deployment', name: 'web', namespace: 'shop', from: 2, to: 5 },
    };
    expect(formatMessage(actionMessages, 'en', msg)).toBe('scaled deployment/web in shop: 2 → 5');
    expect(formatMessage(actionMessages, 'zh-CN', msg)).toBe('已扩缩 shop 中的 deployment/web：2 → 5');
  });
});
