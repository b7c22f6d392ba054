// The demo's objects pass the same offline checks users get: valid ChatCommands, no collisions, the runner's exact Role.
import { describe, expect, it } from 'vitest';
import { RUNNER_ROLE_RULES } from '../../../src/actions/runner-rbac.ts';
import { checkChatCommands } from '../../../src/cli/check-chat-commands.ts';
import { DEFAULT_DEMO_ALLOW } from '../../../scripts/demo-setup.ts';
import {
  demoChatCommands,
  demoDeployment,
  demoLogLines,
  demoRunner,
} from '../../../scripts/demo-manifests.ts';

describe('demo manifests', () => {
  const commands = demoChatCommands('demo', DEFAULT_DEMO_ALLOW);

  it('are valid ChatCommands without trigger collisions, with English and Chinese triggers', () => {
    const report = checkChatCommands([
      { name: 'demo', text: commands.map((c) => JSON.stringify(c)).join('\n---\n') },
    ]);
    expect(report.objects.map((o) => o.status)).toEqual(commands.map(() => 'valid'));
    expect(report.objects.flatMap((o) => o.warnings)).toEqual([]);
    expect(report.ok).toBe(true);
    const phrases = commands.flatMap((c) => {
      const spec = (c as unknown as { spec: { trigger: string; aliases?: string[] } }).spec;
      return [spec.trigger, ...(spec.aliases ?? [])];
    });
    expect(phrases).toEqual(
      expect.arrayContaining(['scale', '扩容', 'restart', '重启', 'status', '状态', 'logs', '日志']),
    );
  });

  it('allow the simulator’s default user in its group and its direct chat', () => {
    expect(DEFAULT_DEMO_ALLOW).toEqual({
      conversations: ['cidKubetalkDemoGroup0==', 'cidDirect-demo-user'],
      users: ['demo-user'],
    });
  });

  it('give the runner exactly the rules the actions need', () => {
    const role = demoRunner('demo').find((o) => o.kind === 'Role') as unknown as { rules: unknown };
    expect(role.rules).toEqual(RUNNER_ROLE_RULES);
  });

  it('name the container "app", whose log kwok serves from the file the demo writes to', () => {
    const d = demoDeployment('demo') as unknown as {
      spec: { template: { spec: { containers: Array<{ name: string }> } } };
    };
    expect(d.spec.template.spec.containers.map((c) => c.name)).toEqual(['app']);
    const lines = demoLogLines(Date.UTC(2026, 0, 1))
      .trimEnd()
      .split('\n');
    for (const line of lines) expect(line).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z stdout F \S/);
  });
});
