// commandMessages: every key the grammar uses exists in both locales, with the same placeholders.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROLLOUT_OPERATIONS } from '../../../src/api/chat-command.ts';
import { commandMessages } from '../../../src/commands/messages.ts';
import { formatMessage, LOCALES, mergeCatalogs } from '../../../src/i18n/catalog.ts';

const srcDir = fileURLToPath(new URL('../../../src/commands/', import.meta.url));

function keysUsedInSource(): Set<string> {
  const used = new Set<string>();
  for (const file of readdirSync(srcDir).filter((f) => f.endsWith('.ts') && f !== 'messages.ts')) {
    const text = readFileSync(`${srcDir}${file}`, 'utf8');
    for (const m of text.matchAll(/'(command\.[a-z.-]+)'/g)) used.add(m[1] ?? '');
  }
  // Built from the operation name in usage.ts.
  for (const op of ROLLOUT_OPERATIONS) used.add(`command.usage.rollout-${op}`);
  return used;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}

describe('commandMessages', () => {
  it('has every key the source uses, and no key the source does not use', () => {
    expect([...keysUsedInSource()].sort()).toEqual(Object.keys(commandMessages).sort());
  });

  it.each(Object.entries(commandMessages))('%s: both locales, same placeholders', (_key, entry) => {
    for (const locale of LOCALES) expect(entry[locale].trim()).not.toBe('');
    expect(placeholders(entry['zh-CN'])).toEqual(placeholders(entry.en));
    expect(entry['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
  });

  it('merges with another catalog and renders', () => {
    const merged = mergeCatalogs(commandMessages, { 'other.key': { en: 'x', 'zh-CN': '甲' } });
    const text = formatMessage(merged, 'en', {
      key: 'command.replicas-out-of-range',
      params: { value: 11, min: 1, max: 10 },
    });
    expect(text).toBe('11 replicas is outside what this command allows: 1–10.');
  });
});
