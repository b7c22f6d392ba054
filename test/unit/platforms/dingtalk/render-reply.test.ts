import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_DINGTALK_BODY_BYTES,
  measureBodyBytes,
  renderReply,
  TRUNCATION_NOTE,
} from '../../../../src/platforms/dingtalk/render-reply.ts';
import { isInsideFence } from '../../../../src/platforms/dingtalk/truncate-markdown.ts';
import type { OutboundReply } from '../../../../src/dispatch/ports/chat.ts';

const golden = (name: string) => `../../../golden/dingtalk/${name}.json`;
const pretty = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const reply = (
  markdown: string,
  mentionUserIds: readonly string[] = ['user123'],
  title = 'kubetalk',
): OutboundReply => ({
  title,
  markdown,
  mentionUserIds,
});

describe('renderReply golden files', () => {
  it('status reply with a mention', async () => {
    const body = renderReply(
      reply(
        '### ✅ Deployment web scaled\n- **namespace**: shop\n- **replicas**: 3 → 5\n- **ready**: 5/5',
        ['0948351305695176'],
        'web scaled to 5',
      ),
    );
    await expect(pretty(body)).toMatchFileSnapshot(golden('scale-done-mention'));
  });

  it('Chinese reply with a code block and no mention', async () => {
    const body = renderReply(
      reply(
        '### 命名空间 shop 中的 Pod\n```\nNAME     READY  STATUS\nweb-1    1/1    Running\nweb-2    0/1    CrashLoopBackOff\n```\n共 2 个',
        [],
        'Pod 列表',
      ),
    );
    await expect(pretty(body)).toMatchFileSnapshot(golden('pods-zh-code-block'));
  });

  it('help reply mentioning two users (deduplicated, empty ids dropped)', async () => {
    const body = renderReply(
      reply('**Commands / 命令**\n1. `get pods [-n ns]`\n2. `scale <deploy> <n>`\n3. `logs <pod>`', [
        'alice',
        '',
        'bob',
        'alice',
      ]),
    );
    await expect(pretty(body)).toMatchFileSnapshot(golden('help-two-mentions'));
  });

  it('log output truncated inside a code block', async () => {
    const lines = Array.from(
      { length: 40 },
      (_, i) => `2026-03-01T12:00:${String(i).padStart(2, '0')}Z 请求处理完成 id=${i}`,
    );
    const body = renderReply(
      reply(`### logs web-1\n\`\`\`\n${lines.join('\n')}\n\`\`\``, ['user123'], 'logs web-1'),
      {
        maxBodyBytes: 900,
      },
    );
    expect(measureBodyBytes(body)).toBeLessThanOrEqual(900);
    await expect(pretty(body)).toMatchFileSnapshot(golden('logs-truncated-in-code-block'));
  });
});

describe('renderReply', () => {
  it('produces a DingTalk markdown body with the mention in the text and in at.atUserIds', () => {
    const body = renderReply(reply('### done', ['user123']));
    expect(body).toEqual({
      msgtype: 'markdown',
      markdown: { title: 'kubetalk', text: '### done\n\n@user123' },
      at: { atUserIds: ['user123'], isAtAll: false },
    });
  });

  it('has an empty atUserIds and no @ when nobody is mentioned', () => {
    const body = renderReply(reply('hello', []));
    expect(body.at).toEqual({ atUserIds: [], isAtAll: false });
    expect(body.markdown.text).toBe('hello');
  });

  it('never sends an empty text or title (DingTalk rejects them)', () => {
    expect(renderReply(reply('', [], '  ')).markdown).toEqual({ title: 'kubetalk', text: 'kubetalk' });
    expect(renderReply(reply('  \n', ['u1'])).markdown.text).toBe('@u1');
  });

  it('keeps titles on one line and short', () => {
    expect(renderReply(reply('x', [], 'line one\nline two')).markdown.title).toBe('line one line two');
    const long = renderReply(reply('x', [], '部署'.repeat(50))).markdown.title;
    expect([...long]).toHaveLength(64);
    expect(long.endsWith('…')).toBe(true);
  });

  it('normalises CRLF line endings', () => {
    expect(renderReply(reply('a\r\nb\rc', [])).markdown.text).toBe('a\nb\nc');
  });

  describe('20,000-byte limit', () => {
    it('does not touch a reply that fits exactly', () => {
      const overhead = measureBodyBytes(renderReply(reply('x', ['user123']))) - 1;
      const fill = 'a'.repeat(MAX_DINGTALK_BODY_BYTES - overhead);
      const body = renderReply(reply(fill, ['user123']));
      expect(measureBodyBytes(body)).toBe(MAX_DINGTALK_BODY_BYTES);
      expect(body.markdown.text).not.toContain(TRUNCATION_NOTE);
      const over = renderReply(reply(`${fill}a`, ['user123']));
      expect(over.markdown.text).toContain(TRUNCATION_NOTE);
      expect(measureBodyBytes(over)).toBeLessThanOrEqual(MAX_DINGTALK_BODY_BYTES);
    });

    it('measures UTF-8 bytes, not characters: 8,000 Chinese characters do not fit', () => {
      const text = '集群状态正常'.repeat(1400); // 8,400 chars, 25,200 bytes
      expect(text.length).toBeLessThan(MAX_DINGTALK_BODY_BYTES);
      const body = renderReply(reply(text));
      const bytes = measureBodyBytes(body);
      expect(bytes).toBeLessThanOrEqual(MAX_DINGTALK_BODY_BYTES);
      expect(bytes).toBeGreaterThan(MAX_DINGTALK_BODY_BYTES - 100);
      expect(body.markdown.text).toMatch(/…\(truncated, 已截断\)\n\n@user123$/);
      expect(body.at.atUserIds).toEqual(['user123']);
    });

    it('counts JSON escaping: quotes, backslashes and newlines cost two bytes each', () => {
      const text = '"\\\n'.repeat(5000); // 15,000 chars, 30,000 bytes once escaped
      const body = renderReply(reply(text));
      expect(measureBodyBytes(body)).toBeLessThanOrEqual(MAX_DINGTALK_BODY_BYTES);
      expect(body.markdown.text).toContain(TRUNCATION_NOTE);
    });

    it('never splits an emoji (surrogate pairs, ZWJ sequences, flags)', () => {
      for (const unit of ['😀', '👨‍👩‍👧‍👦', '🇨🇳', 'é']) {
        for (let shift = 0; shift < 6; shift += 1) {
          const text = 'x'.repeat(shift) + unit.repeat(6000);
          const body = renderReply(reply(text, []));
          const kept = body.markdown.text.slice(shift, body.markdown.text.indexOf(TRUNCATION_NOTE));
          expect(LONE_SURROGATE.test(body.markdown.text)).toBe(false);
          expect(kept.length % unit.length).toBe(0);
          expect(kept.replaceAll(unit, '')).toBe('');
          expect(measureBodyBytes(body)).toBeLessThanOrEqual(MAX_DINGTALK_BODY_BYTES);
        }
      }
    });

    it('closes a code fence the cut left open, and only then', () => {
      const inside = renderReply(reply(`intro\n\`\`\`\n${'log line 日志\n'.repeat(3000)}\`\`\``));
      const kept = inside.markdown.text.split(TRUNCATION_NOTE)[0] ?? '';
      expect(isInsideFence(kept)).toBe(false);
      expect(kept.endsWith('\n```')).toBe(true);

      const outside = renderReply(reply(`\`\`\`\ncode\n\`\`\`\n${'正文 '.repeat(8000)}`));
      const keptOutside = outside.markdown.text.split(TRUNCATION_NOTE)[0] ?? '';
      expect(isInsideFence(keptOutside)).toBe(false);
      expect(keptOutside.endsWith('```')).toBe(false);
    });

    it('prefers cutting at a line end', () => {
      const lines = Array.from({ length: 2000 }, (_, i) => `- item ${i} 状态正常`).join('\n');
      const body = renderReply(reply(lines, []));
      const kept = body.markdown.text.split(TRUNCATION_NOTE)[0] ?? '';
      expect(kept).toMatch(/- item \d+ 状态正常$/);
    });

    it('honours a smaller limit (used after a 460101)', () => {
      const body = renderReply(reply('部署完成 '.repeat(3000)), { maxBodyBytes: 10_000 });
      expect(measureBodyBytes(body)).toBeLessThanOrEqual(10_000);
      expect(measureBodyBytes(body)).toBeGreaterThan(9_900);
    });

    it('throws when even an empty reply cannot fit', () => {
      const crowd = Array.from({ length: 2000 }, (_, i) => `user${i}`);
      expect(() => renderReply(reply('x', crowd))).toThrow(RangeError);
    });

    it('always fits, keeps mentions, and never leaves a fence open (property)', () => {
      const markdownChars = fc.constantFrom(
        'a',
        '部',
        '😀',
        '👨‍👩‍👧',
        '\n',
        '```',
        '"',
        '\\',
        '\u0001',
        '`',
        ' ',
      );
      fc.assert(
        fc.property(
          fc.array(markdownChars, { maxLength: 4000 }).map((a) => a.join('')),
          fc.integer({ min: 300, max: 6000 }),
          fc.array(fc.constantFrom('alice', 'bob', '0948351305695176'), { maxLength: 3 }),
          (markdown, maxBodyBytes, mentions) => {
            const body = renderReply(reply(markdown, mentions), { maxBodyBytes });
            expect(measureBodyBytes(body)).toBeLessThanOrEqual(maxBodyBytes);
            expect(LONE_SURROGATE.test(body.markdown.text)).toBe(false);
            for (const id of mentions) expect(body.markdown.text).toContain(`@${id}`);
            if (body.markdown.text.includes(TRUNCATION_NOTE)) {
              expect(isInsideFence(body.markdown.text.split(TRUNCATION_NOTE)[0] ?? '')).toBe(false);
            }
          },
        ),
        { numRuns: 300 },
      );
    });
  });
});

describe('cutMarkdown closes exactly the fence it opened', () => {
  it('closes a four-backtick fence with four backticks, so the note and the mention stay outside', () => {
    const log = Array.from({ length: 400 }, (_, i) => `line ${i} with \`\`\` inside`).join('\n');
    const body = renderReply(
      { title: 'logs', markdown: `### logs\n\`\`\`\`\n${log}\n\`\`\`\``, mentionUserIds: ['user123'] },
      { maxBodyBytes: 2000 },
    );
    const text = body.markdown.text;
    const [before] = text.split(TRUNCATION_NOTE);
    expect(before?.endsWith('\n````')).toBe(true);
    expect(isInsideFence(before ?? '')).toBe(false);
    expect(text.endsWith('@user123')).toBe(true);
  });

  it('does not treat a shorter run of backticks as closing a longer fence', () => {
    expect(isInsideFence('````\n```\nstill code')).toBe(true);
    expect(isInsideFence('````\ncode\n````')).toBe(false);
  });
});
