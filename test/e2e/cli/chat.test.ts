// `kubetalk chat` driven through its stdin against the demo setup: the transcript shows rendered replies.
import { appendFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterUnavailableReason, getTestCluster } from '../../support/cluster.ts';
import { startCli, startCliRig, type CliRig } from './cli-rig.ts';

const skip = clusterUnavailableReason() !== '';

describe.skipIf(skip)('kubetalk chat (e2e)', () => {
  let rig: CliRig;
  beforeAll(async () => {
    rig = await startCliRig('chat');
    // kwok serves one shared file per container name; write our own lines so `logs` has something to show
    // however this file is scheduled relative to the others.
    appendFileSync(
      getTestCluster().state.logFiles['app'] ?? '',
      '2026-01-01T00:00:00Z stdout F chat e2e line\n'.repeat(3),
    );
  });
  afterAll(async () => {
    await rig?.stop();
  });

  it('renders each reply under the line that caused it, and the cluster follows', async () => {
    const input = [
      'whoami',
      'scale web 4',
      '扩容 web 3',
      'logs web --tail 3',
      'status web',
      'undo web',
      '/as mallory Mallory',
      'scale web 1',
      '/quit',
    ].join('\n');
    const r = await rig.cli(['chat', ...rig.flags, '--timeout', '30'], `${input}\n`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = r.stdout;
    const ns = rig.namespace;
    const me = rig.user;
    // whoami: a heading underlined, a bullet list with the ids, the mention in the header.
    expect(out).toMatch(
      new RegExp(
        `${me}> whoami\\nkubetalk → @${me} · [\\d:]{8}\\n  Who you are, as kubetalk sees you\\n  ─+\\n  • name: ${me}`,
      ),
    );
    expect(out).toContain(`• conversation id (for allow.conversations): \`${rig.conversation}\``);
    expect(out).toContain(`${me}> scale web 4\nkubetalk → @${me}`);
    expect(out).toContain(`✅ *scaled deployment/web in ${ns}: 2 → 4*`);
    expect(out).toContain(`✅ *已扩缩 ${ns} 中的 deployment/web：4 → 3*`);
    // logs: the summary, then pod output behind the code gutter (kwok serves the lines).
    expect(out).toMatch(
      /logs web --tail 3\nkubetalk → .*\n {2}✅ \*logs of deployment\/web[^\n]*\*\n[\s\S]*?\n {2}│ /,
    );
    expect(out).toMatch(/status web\nkubetalk → .*\n {2}✅ /);
    expect(out).toContain(`only group admins may run *undo* here`);
    expect(out).toContain('now typing as Mallory (staff id mallory)');
    expect(out).toMatch(
      /mallory> scale web 1\nkubetalk → @mallory · [\d:]{8}\n {2}Sorry Mallory, you are not allowed to run \*scale\* here/,
    );
    // No raw markdown survives the renderer.
    expect(out).not.toContain('**');
    expect(out).not.toContain('###');
    expect(await rig.replicas()).toBe(3);
  });

  it('prints the follow-up of a restart when it arrives, while the conversation goes on', async () => {
    const chat = startCli(['chat', ...rig.flags]);
    chat.write('restart web\n');
    await chat.waitForOutput(/restart web\nkubetalk → .*\n {2}✅ /);
    chat.write('help\n');
    const out = await chat.waitForOutput(
      /follow-up 1 to "restart web"\n {2}Update on \*deployment\/web\*\n\n {2}✅ /,
      90_000,
    );
    expect(out).toMatch(/Update on \*deployment\/web\*/);
    // The rollout on kwok can finish before help is answered: both must appear, in either order.
    await chat.waitForOutput(/Commands you can run here/, 30_000);
    chat.end();
    expect((await chat.done).code).toBe(0);
  }, 120_000);
});
