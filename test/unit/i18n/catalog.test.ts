import { describe, expect, it } from 'vitest';
import { detectLocale, formatMessage, mergeCatalogs } from '../../../src/i18n/catalog.ts';
import { dispatchMessages } from '../../../src/dispatch/messages.ts';

describe('catalog', () => {
  it('fills placeholders in both locales', () => {
    const c = mergeCatalogs(dispatchMessages);
    expect(formatMessage(c, 'en', { key: 'dispatch.unknown', params: { text: 'foo' } })).toContain('"foo"');
    expect(formatMessage(c, 'zh-CN', { key: 'dispatch.unknown', params: { text: 'foo' } })).toContain(
      '“foo”',
    );
  });

  it('refuses duplicate keys', () => {
    expect(() => mergeCatalogs(dispatchMessages, dispatchMessages)).toThrow(/duplicate/);
  });

  it('replies in Chinese to Chinese text', () => {
    expect(detectLocale('扩容 web 3', 'en')).toBe('zh-CN');
    expect(detectLocale('scale web 3', 'en')).toBe('en');
    expect(detectLocale('scale web 3', 'zh-CN')).toBe('zh-CN');
  });
});

describe('parameters in replies', () => {
  const c = mergeCatalogs(dispatchMessages);
  it('cannot become links, images, HTML or break out of code spans', () => {
    const text = formatMessage(c, 'en', {
      key: 'dispatch.unknown',
      params: {
        text: '[请重新登录](https://evil.example) ![x](https://evil.example/t.png) <img src=x> `code`',
      },
    });
    expect(text).not.toMatch(/\]\(|!\[|<img|`code`/);
    expect(text).toContain('请重新登录');
  });
});
