// The outcome `kubetalk say` reads from a reply; the texts are kubetalk's own (see test/golden/dispatch/replies.md).
import { describe, expect, it } from 'vitest';
import { classifyReply, isSuccessfulOutcome } from '../../../src/simulator/classify-reply.ts';

describe('classifyReply', () => {
  it.each([
    ['✅ **scaled deployment/web in shop: 2 → 5**\n\n@alice01', 'succeeded'],
    ['✅ **已扩缩 shop 中的 deployment/web：2 → 5**', 'succeeded'],
    ['❌ **deployment/web: rollout timed out**', 'failed'],
    ['Update on **deployment/web**\n\n✅ **rollout complete**', 'succeeded'],
    ['Update on **deployment/web**\n\n❌ **rollout did not complete in 120 s**', 'failed'],
    ['### Commands you can run here\n- **scale**', 'info'],
    ['### Who you are, as kubetalk sees you\n- name: Alice', 'info'],
    ['Sorry Alice, you are not allowed to run **scale** here.', 'refused'],
    ['I do not know the command "scal". Type **help** to see what you can run here.', 'refused'],
    ['Something went wrong on our side (internal error, ref 1a2b3c4d).', 'refused'],
    ['✅ **logs**\n\n```\n❌ a log line\n```', 'succeeded'],
    ['Sorry\n\n```\n✅ not the outcome\n```', 'refused'],
    ['', 'refused'],
  ])('%j → %s', (text, outcome) => {
    expect(classifyReply(text)).toBe(outcome);
  });

  it('lets scripts treat succeeded and info as success', () => {
    expect(['succeeded', 'info', 'failed', 'refused'].map((o) => isSuccessfulOutcome(o as never))).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});
