// Every ChatCommand shown in the user docs passes `kubetalk validate`, so copied recipes work.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkChatCommands } from '../../../src/cli/check-chat-commands.ts';

const DOCS = ['docs/cookbook.md', 'docs/getting-started-dingtalk.md', 'README.md'];

function yamlBlocks(file: string): Array<{ name: string; text: string }> {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m, i) => ({
    name: `${file} yaml block ${i + 1}`,
    text: m[1] ?? '',
  }));
}

describe('ChatCommands in the docs', () => {
  const blocks = DOCS.flatMap(yamlBlocks);

  it('exist in each document', () => {
    for (const doc of DOCS)
      expect(
        blocks.some((b) => b.name.startsWith(doc)),
        doc,
      ).toBe(true);
  });

  it.each(blocks.map((b) => [b.name, b] as const))(
    '%s is valid, without collisions or warnings',
    (_n, block) => {
      const report = checkChatCommands([block]);
      const problems = report.objects.flatMap((o) => [...o.problems, ...o.warnings]);
      expect(problems).toEqual([]);
      expect(report.conflicts).toEqual([]);
      expect(report.ok).toBe(true);
    },
  );

  it('the cookbook covers every action kind', () => {
    const report = checkChatCommands(yamlBlocks('docs/cookbook.md'));
    const summaries = report.objects.map((o) => o.summary ?? '').join('\n');
    for (const s of [
      'scale ',
      'rollout restart',
      'rollout undo',
      'rollout history',
      'rollout status',
      'logs of',
      'diagnose ',
    ]) {
      expect(summaries).toContain(s);
    }
  });
});
